import { AppModule } from '../src/app.module.js';
import { describeSignIn } from './sign-in.e2e-suite.js';

describeSignIn(AppModule);
