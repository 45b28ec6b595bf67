/** The sign-in form of a server started with a token (hono/jsx: values escaped by construction). */
import { PageFrame, renderDocument } from "./page-frame.js";

/** Renders the form; `next` is where to go after signing in, `error` a failed attempt's message. */
export function renderLoginPage(next: string, error: string | null): string {
  return renderDocument(
    <PageFrame title="Sign in · ratelens" nav={[]}>
      <h1>Sign in</h1>
      <p>
        This ratelens server is reachable from the network and asks for the token it was started
        with.
      </p>
      {error === null ? null : (
        <p class="missing" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={next} />
        <label for="token">Token</label>{" "}
        <input id="token" name="token" type="password" autocomplete="current-password" required />{" "}
        <button type="submit">Sign in</button>
      </form>
    </PageFrame>,
  );
}
