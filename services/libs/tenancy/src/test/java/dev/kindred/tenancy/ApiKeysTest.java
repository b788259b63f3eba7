package dev.kindred.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void generatedKeysCarryTheirScopeAndMatchOnlyTheirHash() {
    ApiKeys.Generated a = ApiKeys.generate(ApiScope.INGEST);
    ApiKeys.Generated b = ApiKeys.generate(ApiScope.SERVE);
    assertThat(a.keyId()).startsWith("kd_ing_");
    assertThat(b.keyId()).startsWith("kd_srv_");
    assertThat(ApiKeys.keyIdOf(a.key())).isEqualTo(a.keyId());
    assertThat(ApiKeys.matches(a.key(), a.hash())).isTrue();
    assertThat(ApiKeys.matches(b.key(), a.hash())).isFalse();
    assertThat(ApiKeys.matches(a.key() + "x", a.hash())).isFalse();
    assertThat(a.key()).doesNotContain("=").hasSizeGreaterThan(40);
  }

  @Test
  void malformedKeysHaveNoId() {
    assertThat(ApiKeys.keyIdOf(null)).isNull();
    assertThat(ApiKeys.keyIdOf("Bearer xyz")).isNull();
    assertThat(ApiKeys.keyIdOf("kd_ing_abc")).isNull();
    assertThat(ApiKeys.keyIdOf(".secret")).isNull();
    assertThat(ApiKeys.keyIdOf("kd_" + "x".repeat(300) + ".s")).isNull();
  }
}
