package dev.kindred.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class UserTokensTest {

  private static final String SECRET = "kd_utk_0a1b2c3d4e5f.c2VjcmV0";

  @Test
  void aTokenIsAnHs256JwtNamingTheKeyTheUserAndASoonExpiry() throws Exception {
    String token = new UserTokens(SECRET).sign("u-\"42\"", Duration.ofMinutes(15));
    String[] parts = token.split("\\.");
    JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.get("alg").asText()).isEqualTo("HS256");
    assertThat(header.get("kid").asText()).isEqualTo("kd_utk_0a1b2c3d4e5f");
    assertThat(claims.get("sub").asText()).isEqualTo("u-\"42\"");
    assertThat(claims.get("exp").asLong() - Instant.now().getEpochSecond()).isBetween(880L, 900L);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
  }

  @Test
  void secretsLongLivesAndEmptyUsersAreRefused() {
    assertThatThrownBy(() -> new UserTokens("kd_ing_1.x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UserTokens(SECRET).sign("u", Duration.ofDays(2))).hasMessageContaining("24 hours");
    assertThatThrownBy(() -> new UserTokens(SECRET).sign(" ", Duration.ofMinutes(1))).hasMessageContaining("userId");
  }
}
