package dev.iotpipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaSecurityModeTest {

  @Test
  void mskIamSettingSelectsSaslSslWithTheIamMechanism() {
    KafkaSecurityMode mode = KafkaSecurityMode.fromSetting("msk-iam");

    assertThat(mode.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM");
  }

  @Test
  void plaintextSettingIsCaseInsensitive() {
    assertThat(KafkaSecurityMode.fromSetting(" PlainText ")).isEqualTo(KafkaSecurityMode.PLAINTEXT);
  }

  @Test
  void unknownSettingIsRejectedWithAMessageThatNamesIt() {
    assertThatThrownBy(() -> KafkaSecurityMode.fromSetting("ssl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_SECURITY_MODE")
        .hasMessageContaining("'ssl'");
  }
}
