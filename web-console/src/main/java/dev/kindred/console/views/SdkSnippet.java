package dev.kindred.console.views;

import com.vaadin.flow.component.html.Pre;

/**
 * How an app starts sending to Kindred — the safe pattern only: secret keys on the tenant's server,
 * the publishable key and a user token (signed by the tenant's backend) in the page. The tenant's
 * keys are filled in when known (right after onboarding), else placeholders.
 */
final class SdkSnippet {

  private SdkSnippet() {}

  static Pre of(String ingestUrl, String recommendUrl, String ingestKey, String serveKey, String publishableKey) {
    String ik = ingestKey == null ? "System.getenv(\"KINDRED_INGEST_KEY\")" : "\"" + ingestKey + "\"";
    String sk = serveKey == null ? "System.getenv(\"KINDRED_SERVE_KEY\")" : "\"" + serveKey + "\"";
    String pk = publishableKey == null ? "'kd_pub_…'" : "'" + publishableKey + "'";
    Pre pre = new Pre("""
        // On your server (Java, dev.kindred:kindred-sdk-java): secret keys, never in a page or app.
        KindredClient kindred = new KindredClient(KindredConfig.builder()
            .ingestUrl("%s").recommendUrl("%s")
            .ingestKey(%s).serveKey(%s).build());
        kindred.track(Event.purchase("user-42", "item-7"));
        // ...and, for the page of a logged-in user, a short-lived token (your user-token secret):
        String token = new UserTokens(System.getenv("KINDRED_USER_TOKEN_SECRET")).sign("user-42", Duration.ofMinutes(15));

        // In your page (sdk/js/src/kindred.js): the publishable key only.
        import { init } from './kindred.js';
        const kindred = init({
          ingestUrl: '%s', recommendUrl: '%s', publishableKey: %s,
          userId: loggedInUserId,                                        // omit for anonymous visitors
          userToken: () => fetch('/kindred-token').then((r) => r.text()), // served by your backend
        });
        kindred.view('item-7');
        const feed = await kindred.recommendations({ count: 10 });
        // after login: kindred.identify(userId) keeps what the visitor did before
        """.formatted(ingestUrl, recommendUrl, ik, sk, ingestUrl, recommendUrl, pk));
    pre.setId("sdk-snippet");
    pre.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all");
    return pre;
  }
}
