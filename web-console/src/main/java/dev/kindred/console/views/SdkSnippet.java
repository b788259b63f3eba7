package dev.kindred.console.views;

import com.vaadin.flow.component.html.Pre;

/** How an app starts sending to Kindred, with the tenant's keys when they are known (else placeholders). */
final class SdkSnippet {

  private SdkSnippet() {}

  static Pre of(String ingestUrl, String recommendUrl, String ingestKey, String serveKey) {
    String ik = ingestKey == null ? "INGEST_KEY" : "\"" + ingestKey + "\"";
    String sk = serveKey == null ? "SERVE_KEY" : "\"" + serveKey + "\"";
    String jsIk = ingestKey == null ? "INGEST_KEY" : "'" + ingestKey + "'";
    String jsSk = serveKey == null ? "SERVE_KEY" : "'" + serveKey + "'";
    Pre pre = new Pre("""
        // Java (dev.kindred:kindred-sdk-java)
        KindredClient kindred = new KindredClient(KindredConfig.builder()
            .ingestUrl("%s").recommendUrl("%s")
            .ingestKey(%s).serveKey(%s).build());
        kindred.track(Event.view("user-42", "item-7"));
        kindred.recommendations("user-42", RecommendationRequest.count(10)).items();

        // Browser (sdk/js/src/kindred.js)
        import { init } from './kindred.js';
        const kindred = init({ ingestUrl: '%s', recommendUrl: '%s', ingestKey: %s, serveKey: %s });
        kindred.track('view', { userId: 'user-42', itemId: 'item-7' });
        """.formatted(ingestUrl, recommendUrl, ik, sk, ingestUrl, recommendUrl, jsIk, jsSk));
    pre.setId("sdk-snippet");
    pre.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all");
    return pre;
  }
}
