package dev.kindred.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EndUserTokenTest {

  private static final String SECRET = "kd_utk_0a1b2c3d4e5f.c2VjcmV0LXNlY3JldC1zZWNyZXQ";
  private static final String OTHER = "kd_utk_0a1b2c3d4e5f.b3RoZXItb3RoZXItb3RoZXI";

  @Test
  void aSignedTokenNamesItsUserAndVerifiesOnlyWithItsSecret() {
    String token = EndUserToken.sign(SECRET, "alice", Duration.ofMinutes(15));
    EndUserToken.Parsed p = EndUserToken.parse(token, Instant.now());
    assertThat(p.subject()).isEqualTo("alice");
    assertThat(p.kid()).isEqualTo("kd_utk_0a1b2c3d4e5f");
    assertThat(EndUserToken.signedWith(p, SECRET)).isTrue();
    assertThat(EndUserToken.signedWith(p, OTHER)).isFalse();
  }

  @Test
  void changingTheClaimsBreaksTheSignature() {
    String token = EndUserToken.sign(SECRET, "alice", Duration.ofMinutes(15));
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("alice", "bobby")
            .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    EndUserToken.Parsed p = EndUserToken.parse(forged, Instant.now());
    assertThat(p.subject()).isEqualTo("bobby");
    assertThat(EndUserToken.signedWith(p, SECRET)).isFalse();
  }

  @Test
  void expiredLongLivedUnsignedAndMalformedTokensAreRefusedWithTheReason() {
    Instant now = Instant.now();
    String kid = EndUserToken.kidOf(SECRET);
    assertThatThrownBy(() -> EndUserToken.parse(EndUserToken.sign(SECRET, kid, "a", now.minusSeconds(600),
        now.minusSeconds(60)), now)).hasMessageContaining("expired");
    assertThatThrownBy(() -> EndUserToken.parse(EndUserToken.sign(SECRET, kid, "a", now, now.plus(Duration.ofDays(2))), now))
        .hasMessageContaining("24 hours");
    assertThatThrownBy(() -> EndUserToken.parse(EndUserToken.sign(SECRET, kid, "a", now.plusSeconds(3600),
        now.plusSeconds(4000)), now)).hasMessageContaining("future");
    String none = b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + b64("{\"sub\":\"a\",\"exp\":"
        + (now.getEpochSecond() + 60) + "}") + ".";
    assertThatThrownBy(() -> EndUserToken.parse(none, now)).hasMessageContaining("HS256");
    String noKid = b64("{\"alg\":\"HS256\"}") + "." + b64("{\"sub\":\"a\",\"exp\":" + (now.getEpochSecond() + 60) + "}") + ".eA";
    assertThatThrownBy(() -> EndUserToken.parse(noKid, now)).hasMessageContaining("kid");
    String noExp = b64("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}") + "." + b64("{\"sub\":\"a\"}") + ".eA";
    assertThatThrownBy(() -> EndUserToken.parse(noExp, now)).hasMessageContaining("exp");
    String noSub = b64("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}") + "." + b64("{\"exp\":" + (now.getEpochSecond() + 60) + "}") + ".eA";
    assertThatThrownBy(() -> EndUserToken.parse(noSub, now)).hasMessageContaining("sub");
    for (String garbage : new String[] {null, "", "a.b", "kd_pub_x.y", "!!.??.**", "e30.e30.x"}) {
      assertThatThrownBy(() -> EndUserToken.parse(garbage, now)).isInstanceOf(EndUserToken.Invalid.class);
    }
  }

  @Test
  void aPublishableCallerActsOnlyForAnonymousIdsAndItsTokensUser() {
    ApiPrincipal anonymous = new ApiPrincipal(java.util.UUID.randomUUID(), "kd_pub_1", ApiScope.PUBLISHABLE, 10);
    ApiPrincipal alice = anonymous.withEndUser("alice");
    ApiPrincipal secret = new ApiPrincipal(anonymous.tenantId(), "kd_srv_1", ApiScope.SERVE, 10);
    String visitor = "anon-4f1c2b3a-9d8e-4c7b-a6f5-0e1d2c3b4a59";
    assertThat(AnonymousIds.is(visitor)).isTrue();
    assertThat(AnonymousIds.is("anon-short")).isFalse();
    assertThat(AnonymousIds.is("anonymous-user-0000000000")).isFalse();
    assertThat(anonymous.mayActFor(visitor)).isTrue();
    assertThat(anonymous.mayActFor("alice")).isFalse();
    assertThat(alice.mayActFor("alice")).isTrue();
    assertThat(alice.mayActFor("bob")).isFalse();
    assertThat(alice.isTokenUser("alice")).isTrue();
    assertThat(alice.isTokenUser(visitor)).isFalse();
    assertThat(secret.mayActFor("bob")).isTrue();
    assertThat(secret.scope().secret()).isTrue();
    assertThat(anonymous.scope().secret()).isFalse();
  }

  @Test
  void originsAreMatchedExactlyWithDefaultPortsNormalised() {
    assertThat(Origins.isOrigin("https://shop.example.com")).isTrue();
    assertThat(Origins.isOrigin("http://127.0.0.1:8080")).isTrue();
    assertThat(Origins.isOrigin("https://shop.example.com/cart")).isFalse();
    assertThat(Origins.isOrigin("ftp://shop.example.com")).isFalse();
    assertThat(Origins.isOrigin("*")).isFalse();
    var allowed = java.util.List.of("https://shop.example.com", "http://localhost:3000");
    assertThat(Origins.allows(allowed, "https://shop.example.com:443")).isTrue();
    assertThat(Origins.allows(allowed, "HTTPS://Shop.Example.com")).isTrue();
    assertThat(Origins.allows(allowed, "https://evil.example.com")).isFalse();
    assertThat(Origins.allows(allowed, "null")).isFalse();
    assertThat(Origins.allows(allowed, null)).as("apps send no Origin").isTrue();
    assertThat(Origins.allows(java.util.List.of(), "https://anything.example")).isTrue();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
