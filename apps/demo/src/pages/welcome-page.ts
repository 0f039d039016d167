import { page } from './html.js';

/** Where a new user lands after the first sign-in (`newUserRedirectUrl`). */
export function renderWelcomePage(): string {
  return page(
    'Welcome',
    `<h1>Welcome!</h1>
<p>Your account was created. This page is where a new user lands after their first sign-in.</p>
<p><a class="button" href="/">Continue to the start page</a></p>`,
  );
}
