# MSK: IAM over TLS only, encrypted at rest, broker logs, and the topic table.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name               = "iot-pipeline-test"
  subnet_ids         = ["subnet-a", "subnet-b"]
  security_group_ids = ["sg-msk"]
  kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001"
}

run "provisioned_cluster_is_iam_tls_only_and_encrypted" {
  command = plan

  module {
    source = "./modules/msk"
  }

  assert {
    condition     = length(aws_msk_cluster.this) == 1 && length(aws_msk_serverless_cluster.this) == 0
    error_message = "mode = provisioned creates exactly one provisioned cluster."
  }

  assert {
    condition     = one(aws_msk_cluster.this[0].client_authentication).unauthenticated == false && one(one(aws_msk_cluster.this[0].client_authentication).sasl).iam == true && one(one(aws_msk_cluster.this[0].client_authentication).sasl).scram == false
    error_message = "MSK must accept SASL/IAM clients only (iam = true, scram = false, unauthenticated = false)."
  }

  assert {
    condition     = one(one(aws_msk_cluster.this[0].encryption_info).encryption_in_transit).client_broker == "TLS" && one(one(aws_msk_cluster.this[0].encryption_info).encryption_in_transit).in_cluster == true
    error_message = "MSK must encrypt in transit: client_broker = TLS (no plaintext) and in_cluster = true."
  }

  assert {
    condition     = one(aws_msk_cluster.this[0].encryption_info).encryption_at_rest_kms_key_arn == var.kms_key_arn
    error_message = "MSK must encrypt at rest with the pipeline's customer managed key."
  }

  assert {
    condition     = one(one(one(aws_msk_cluster.this[0].logging_info).broker_logs).cloudwatch_logs).enabled && aws_cloudwatch_log_group.this[0].retention_in_days == 30
    error_message = "Broker logs must go to a CloudWatch log group with a retention."
  }

  assert {
    condition     = strcontains(aws_msk_configuration.this[0].server_properties, "auto.create.topics.enable=false") && strcontains(aws_msk_configuration.this[0].server_properties, "min.insync.replicas=1") && strcontains(aws_msk_configuration.this[0].server_properties, "transaction.state.log.replication.factor=2")
    error_message = "Topics are never auto-created; with 2 brokers replication (also of the offsets and transaction logs, which exactly-once Kafka Streams needs) is 2 and min.insync.replicas 1."
  }

  assert {
    condition     = one(one(aws_msk_cluster.this[0].broker_node_group_info).connectivity_info) == null || one(one(one(aws_msk_cluster.this[0].broker_node_group_info).connectivity_info).public_access).type == "DISABLED"
    error_message = "Brokers must not be publicly accessible."
  }
}

run "topic_table_is_data" {
  command = plan

  module {
    source = "./modules/msk"
  }

  assert {
    condition     = toset(keys(output.topics)) == toset(["iot-raw-events", "iot-dlq", "iot-device-presence", "iot-late-events", "iot-aggregates-5m", "iot-alerts", "iot-device-registry", "iot-dlq-alert-store", "iot-counts-1m-by-region", "iot-aggregates-10m-hopping", "iot-device-sessions"])
    error_message = "The topic table must hold the contract's six topics plus iot-device-registry and the alert store's dead-letter topic."
  }

  assert {
    condition     = output.topics["iot-device-presence"].cleanup_policy == "compact" && output.topics["iot-device-registry"].cleanup_policy == "compact" && output.topics["iot-raw-events"].cleanup_policy == "delete"
    error_message = "iot-device-presence and iot-device-registry are compacted; the event topics use delete."
  }

  assert {
    condition     = length(output.topic_bootstrap_commands) == 11 && alltrue([for c in output.topic_bootstrap_commands : strcontains(c, "--if-not-exists") && strcontains(c, "--command-config client.properties")])
    error_message = "Topic creation commands must be idempotent (--if-not-exists) and authenticate with IAM (client.properties)."
  }

  assert {
    condition     = output.cluster_topic_arn_prefix == "arn:aws:kafka:eu-west-1:123456789012:topic/iot-pipeline-test/11111111-2222-3333-4444-555555555555-1"
    error_message = "The topic ARN prefix must be the cluster ARN with :cluster/ replaced by :topic/."
  }
}

run "serverless_cluster_is_iam_only" {
  command = plan

  module {
    source = "./modules/msk"
  }

  variables {
    mode = "serverless"
  }

  assert {
    condition     = length(aws_msk_cluster.this) == 0 && length(aws_msk_serverless_cluster.this) == 1
    error_message = "mode = serverless creates exactly one Serverless cluster."
  }

  assert {
    condition     = one(one(one(aws_msk_serverless_cluster.this[0].client_authentication).sasl).iam).enabled
    error_message = "MSK Serverless must use SASL/IAM."
  }

  assert {
    condition     = output.cluster_bootstrap_brokers_sasl_iam == "boot-mock.c1.kafka-serverless.eu-west-1.amazonaws.com:9098"
    error_message = "Serverless mode must expose the Serverless cluster's IAM bootstrap brokers."
  }

  assert {
    condition     = alltrue([for c in output.topic_bootstrap_commands : !strcontains(c, "min.insync.replicas") && strcontains(c, "--replication-factor 3")])
    error_message = "MSK Serverless topics are created with replication factor 3 and without min.insync.replicas (the service fixes it)."
  }
}

run "msk_variable_validations" {
  command = plan

  module {
    source = "./modules/msk"
  }

  variables {
    mode               = "dedicated"
    subnet_ids         = ["subnet-a"]
    default_partitions = 0
    provisioned        = { volume_size_gb = 0 }
  }

  expect_failures = [var.mode, var.subnet_ids, var.default_partitions, var.provisioned]
}

run "msk_monitoring_validation" {
  command = plan

  module {
    source = "./modules/msk"
  }

  variables {
    provisioned = { enhanced_monitoring = "EVERYTHING" }
  }

  expect_failures = [var.provisioned]
}

run "msk_brokers_spread_over_azs" {
  command = plan

  module {
    source = "./modules/msk"
  }

  variables {
    provisioned = { broker_count = 3 }
  }

  expect_failures = [aws_msk_cluster.this]
}
