# examples/minimal as a test: the root module planned with the example's values (the example's own
# directory cannot be planned under a mock provider because it calls the root module, which carries
# the provider block; scripts/test.sh validates that directory instead).

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  environment = "dev"
  region      = "eu-west-1"
  tags        = { Owner = "platform" }
  msk         = { mode = "provisioned", broker_count = 2, instance_type = "kafka.t3.small" }
  streams     = { desired_count = 1, min_count = 1, max_count = 2 }
  database    = { max_capacity_acu = 2, deletion_protection = false, skip_final_snapshot = true }
  archive     = { force_destroy = true }
}

run "minimal_environment_plans_with_contract_wiring" {
  command = plan

  assert {
    condition     = output.lambda_environment["KAFKA_BOOTSTRAP_SERVERS"] == output.kafka_bootstrap_servers && output.lambda_environment["KAFKA_SECURITY_MODE"] == "msk-iam"
    error_message = "Functions get KAFKA_BOOTSTRAP_SERVERS = the MSK IAM bootstrap brokers and KAFKA_SECURITY_MODE = msk-iam."
  }

  assert {
    condition = (
      output.lambda_environment["SNS_CRITICAL_TOPIC_ARN"] == output.sns_topic_arns["critical"] &&
      output.lambda_environment["SNS_MONITORING_TOPIC_ARN"] == output.sns_topic_arns["monitoring"] &&
      output.lambda_environment["ARCHIVE_BUCKET"] == output.archive_bucket_id &&
      output.lambda_environment["PAGERDUTY_ROUTING_KEY_SECRET_ARN"] == output.pagerduty_secret_arn &&
      output.lambda_environment["PAGERDUTY_EVENTS_URL"] == "https://events.pagerduty.com/v2/enqueue"
    )
    error_message = "The contract settings (SNS topics, archive bucket, PagerDuty URL and secret) are wired from the created resources."
  }

  assert {
    condition     = output.lambda_function_environments["alert-fanout"]["QUARKUS_DATASOURCE_REACTIVE_URL"] == output.rds_cluster_reactive_url && !contains(keys(output.lambda_function_environments["archive"]), "QUARKUS_DATASOURCE_REACTIVE_URL") && !anytrue([for f, env in output.lambda_function_environments : contains(keys(env), "QUARKUS_DATASOURCE_PASSWORD")])
    error_message = "alert-fanout gets the database URL and user for its idempotency ledger; no function gets a password in plain environment variables."
  }

  assert {
    condition     = output.lambda_function_environments["alert-fanout"]["QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER"] == "database-secret" && output.lambda_function_environments["alert-fanout"]["DB_SECRET_ARN"] == output.rds_cluster_master_user_secret_arn
    error_message = "alert-fanout reads its ledger password from the RDS-managed secret (credentials provider database-secret, DB_SECRET_ARN)."
  }

  assert {
    condition     = output.streams_environment["QUARKUS_DATASOURCE_REACTIVE_URL"] == output.rds_cluster_reactive_url && output.streams_environment["QUARKUS_DATASOURCE_USERNAME"] == "iotpipeline" && output.streams_environment["KAFKA_SECURITY_MODE"] == "msk-iam"
    error_message = "streams-service gets the database through QUARKUS_DATASOURCE_REACTIVE_URL/USERNAME and Kafka through the contract settings."
  }

  assert {
    condition     = toset(keys(output.msk_topics)) == toset(["iot-raw-events", "iot-dlq", "iot-device-presence", "iot-late-events", "iot-aggregates-5m", "iot-alerts", "iot-device-registry", "iot-dlq-alert-store", "iot-counts-1m-by-region", "iot-aggregates-10m-hopping", "iot-device-sessions"])
    error_message = "The environment exposes the full topic table as data."
  }

  assert {
    condition     = length(output.cloudwatch_metric_alarm_names) == 17 && contains(output.cloudwatch_metric_alarm_names, "iot-pipeline-dev-fleet-silent")
    error_message = "The environment has its 17 alarms, including fleet silence."
  }

  assert {
    condition     = output.lambda_function_names == { ingest = "iot-pipeline-dev-ingest", alert-fanout = "iot-pipeline-dev-alert-fanout", archive = "iot-pipeline-dev-archive" }
    error_message = "Function names are <name>-<environment>-<function>."
  }
}
