package dev.kindred.eventstore.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.eventstore.EventStore;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class SealedPayloadTest {

  private final SecretKey key = Sealing.aesKey(Sealing.randomBytes(32));
  private final UUID event = UUID.randomUUID();

  @Test
  void aSealedPayloadOpensOnlyWithItsKeyAndForItsEvent() {
    String json = "{\"query\":\"waterproof jacket\"}";
    String sealed = SealedPayload.seal(key, event, json);
    assertThat(sealed).startsWith("{\"sealed\":\"").doesNotContain("waterproof");
    assertThat(SealedPayload.isSealed(sealed)).isTrue();
    assertThat(SealedPayload.open(key, event, sealed)).isEqualTo(json);
    // Another key (an erased user's key is simply absent), or the payload moved to another event: no.
    assertThat(EventStore.openPayload(event, sealed, Sealing.aesKey(Sealing.randomBytes(32)))).isNull();
    assertThat(EventStore.openPayload(UUID.randomUUID(), sealed, key)).isNull();
    assertThat(EventStore.openPayload(event, sealed, null)).isNull();
    // The jsonb text form (a space after the colon) opens the same.
    assertThat(SealedPayload.open(key, event, sealed.replace("\":\"", "\": \""))).isEqualTo(json);
  }

  @Test
  void aChangedByteIsDetected() {
    byte[] sealed = Sealing.seal(key, "abc".getBytes(), "aad".getBytes());
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> Sealing.open(key, sealed, "aad".getBytes())).isInstanceOf(IllegalArgumentException.class);
    String stored = "{\"sealed\":\"" + Base64.getEncoder().encodeToString(sealed) + "\"}";
    assertThat(EventStore.openPayload(event, stored, key)).isNull();
  }

  @Test
  void plainPayloadsOfTheTenantsOwnStreamsPassThrough() {
    assertThat(EventStore.openPayload(event, "{\"title\":\"Tent\"}", null)).isEqualTo("{\"title\":\"Tent\"}");
  }
}
