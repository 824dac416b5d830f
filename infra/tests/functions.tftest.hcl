# Functions: runtime variants, tracing, VPC, contract environment, event sources with failure destinations.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name = "iot-pipeline-test"
  artifacts = {
    ingest       = "../functions/ingest/target/function.zip"
    alert-fanout = "../functions/alert-fanout/target/function.zip"
    archive      = "../functions/archive/target/function.zip"
  }
  subnet_ids         = ["subnet-a", "subnet-b"]
  security_group_ids = ["sg-functions"]
  kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001"
  kafka = {
    bootstrap_servers = "b-1.mock:9098,b-2.mock:9098"
    cluster_arn       = "arn:aws:kafka:eu-west-1:123456789012:cluster/iot-pipeline-test/uuid-1"
    topic_arn_prefix  = "arn:aws:kafka:eu-west-1:123456789012:topic/iot-pipeline-test/uuid-1"
    group_arn_prefix  = "arn:aws:kafka:eu-west-1:123456789012:group/iot-pipeline-test/uuid-1"
  }
  sns_topic_arns = {
    critical   = "arn:aws:sns:eu-west-1:123456789012:critical"
    monitoring = "arn:aws:sns:eu-west-1:123456789012:monitoring"
  }
  archive_bucket = {
    id  = "archive-bucket"
    arn = "arn:aws:s3:::archive-bucket"
  }
  pagerduty = {
    secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pd-AbCdEf"
  }
}

run "native_functions" {
  command = plan

  module {
    source = "./modules/functions"
  }

  variables {
    settings = { ingest = { reserved_concurrency = 50 } }
  }

  assert {
    condition     = length(aws_lambda_function.this) == 3 && alltrue([for f in aws_lambda_function.this : f.runtime == "provided.al2023" && f.handler == "bootstrap" && f.architectures == tolist(["arm64"])])
    error_message = "Native functions run on provided.al2023, arm64, handler bootstrap."
  }

  assert {
    condition     = aws_lambda_function.this["archive"].filename == "../functions/archive/target/function.zip"
    error_message = "Each function deploys the zip the Maven build produced at the configured path."
  }

  assert {
    condition     = alltrue([for f in aws_lambda_function.this : one(f.tracing_config).mode == "Active" && one(f.vpc_config).subnet_ids == toset(var.subnet_ids)])
    error_message = "Every function runs in the private subnets with X-Ray tracing Active."
  }

  assert {
    condition     = aws_lambda_function.this["ingest"].reserved_concurrent_executions == 50 && aws_lambda_function.this["archive"].reserved_concurrent_executions == -1
    error_message = "Reserved concurrency comes from settings (default -1 = unreserved)."
  }

  assert {
    condition     = aws_lambda_function.this["alert-fanout"].timeout == 90 && aws_lambda_function.this["ingest"].timeout == 30 && aws_lambda_function.this["ingest"].memory_size == 512
    error_message = "alert-fanout's timeout outlasts its delivery retry budget (90 s); setting one field keeps the others' defaults."
  }

  assert {
    condition = alltrue([
      for k in ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_MODE", "PAGERDUTY_EVENTS_URL", "PAGERDUTY_ROUTING_KEY_SECRET_ARN", "SNS_CRITICAL_TOPIC_ARN", "SNS_MONITORING_TOPIC_ARN", "ARCHIVE_BUCKET"] :
      contains(keys(one(aws_lambda_function.this["alert-fanout"].environment).variables), k)
    ]) && one(aws_lambda_function.this["ingest"].environment).variables["KAFKA_SECURITY_MODE"] == "msk-iam"
    error_message = "Functions get the contract's settings by their exact names, with KAFKA_SECURITY_MODE = msk-iam."
  }

  assert {
    condition = (
      one(aws_lambda_function.this["ingest"].environment).variables["INGEST_METRICS_EMF_ENABLED"] == "true" &&
      one(aws_lambda_function.this["ingest"].environment).variables["INGEST_METRICS_NAMESPACE"] == "IotPipeline" &&
      alltrue([for f in ["alert-fanout", "archive"] : !contains(keys(one(aws_lambda_function.this[f].environment).variables), "INGEST_METRICS_EMF_ENABLED")])
    )
    error_message = "ingest writes its meters as Embedded Metric Format lines into namespace IotPipeline (the alarms' namespace)."
  }

  assert {
    condition     = alltrue([for f, doc in output.iam_policy_documents : !strcontains(doc, "cloudwatch:PutMetricData")])
    error_message = "No function may call PutMetricData: metrics leave the functions as EMF log lines."
  }

  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.retention_in_days == 30 && g.kms_key_id == var.kms_key_arn])
    error_message = "Every function log group has a retention and is encrypted with the pipeline key."
  }
}

run "event_sources_never_drop_records" {
  command = plan

  module {
    source = "./modules/functions"
  }

  assert {
    condition     = length(aws_lambda_event_source_mapping.this) == 3 && alltrue([for m in aws_lambda_event_source_mapping.this : length(m.destination_config) == 1 && one(one(m.destination_config).on_failure).destination_arn == aws_sqs_queue.failures.arn])
    error_message = "Every MSK event source mapping must send failed batches to the on-failure queue."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this["alert-fanout-alerts"].topics == toset(["iot-alerts"]) && aws_lambda_event_source_mapping.this["archive-raw"].topics == toset(["iot-raw-events"]) && aws_lambda_event_source_mapping.this["archive-alerts"].topics == toset(["iot-alerts"])
    error_message = "alert-fanout reads iot-alerts; archive reads iot-raw-events and iot-alerts."
  }

  assert {
    condition     = alltrue([for m in aws_lambda_event_source_mapping.this : m.batch_size == 500 && m.maximum_batching_window_in_seconds == 5 && m.starting_position == "TRIM_HORIZON" && m.event_source_arn == var.kafka.cluster_arn])
    error_message = "Event source mappings use the configured batch size, batching window and starting position on the MSK cluster."
  }

  assert {
    condition     = alltrue([for m in aws_lambda_event_source_mapping.this : m.bisect_batch_on_function_error == null && length(m.provisioned_poller_config) == 0])
    error_message = "Without provisioned pollers, retry/bisect settings are left unset (Kafka sources reject them in on-demand mode)."
  }

  assert {
    condition     = one(one(aws_lambda_function_event_invoke_config.ingest.destination_config).on_failure).destination == aws_sqs_queue.failures.arn
    error_message = "Asynchronous invocations of ingest (IoT rules) that exhaust their retries must go to the failure queue."
  }

  assert {
    condition     = aws_sqs_queue.failures.kms_master_key_id == var.kms_key_arn
    error_message = "The failure queue must be encrypted with the pipeline key."
  }
}

run "jvm_variant_and_provisioned_pollers" {
  command = plan

  module {
    source = "./modules/functions"
  }

  variables {
    runtime      = "jvm"
    event_source = { provisioned_pollers = { minimum = 1, maximum = 3 } }
  }

  assert {
    condition     = alltrue([for m in aws_lambda_event_source_mapping.this : m.bisect_batch_on_function_error == true && m.maximum_retry_attempts == 5 && m.maximum_record_age_in_seconds == 21600 && one(m.provisioned_poller_config).maximum_pollers == 3])
    error_message = "With provisioned pollers, event source mappings bisect failing batches, retry 5 times and drop nothing older than 6 h silently (it goes to the failure queue)."
  }

  assert {
    condition     = alltrue([for k, f in aws_lambda_function.this : f.runtime == "java21" && f.handler == "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest" && f.filename == var.artifacts[k]])
    error_message = "runtime = jvm deploys the same zips on java21 with the Funqy stream handler."
  }
}

run "functions_validations" {
  command = plan

  module {
    source = "./modules/functions"
  }

  variables {
    runtime      = "python"
    settings     = { ingester = {} }
    event_source = { starting_position = "AT_TIMESTAMP" }
  }

  expect_failures = [var.runtime, var.settings, var.event_source]
}

run "event_source_batch_validation" {
  command = plan

  module {
    source = "./modules/functions"
  }

  variables {
    event_source = { batch_size = 0 }
  }

  expect_failures = [var.event_source]
}
