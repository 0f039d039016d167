import { AppModule } from './../src/app.module';
import { describeSignIn } from './sign-in.e2e-suite';

describeSignIn(AppModule);
