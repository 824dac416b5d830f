# Alarms: every alarm notifies the alarms topic; fleet silence breaches on missing data.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name            = "iot-pipeline-test"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alarms"
  function_names = {
    ingest       = "iot-pipeline-test-ingest"
    alert-fanout = "iot-pipeline-test-alert-fanout"
    archive      = "iot-pipeline-test-archive"
  }
  failure_queue_name = "iot-pipeline-test-function-failures"
  msk_cluster_name   = "iot-pipeline-test"
  consumer_groups = {
    streams-service = { group = "iot-streams-service", topic = "iot-raw-events" }
    archive-raw     = { group = "iot-pipeline-test-archive-raw", topic = "iot-raw-events" }
  }
  streams_service = {
    cluster_name               = "iot-pipeline-test"
    service_name               = "streams-service"
    load_balancer_enabled      = true
    lb_arn_suffix              = "app/iot-pipeline-test-streams/abc"
    lb_target_group_arn_suffix = "targetgroup/strm-1/abc"
  }
}

run "alarms_cover_the_pipeline" {
  command = plan

  module {
    source = "./modules/observability"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.fleet_silence.treat_missing_data == "breaching" && aws_cloudwatch_metric_alarm.fleet_silence.comparison_operator == "LessThanThreshold" && aws_cloudwatch_metric_alarm.fleet_silence.threshold == 1 && aws_cloudwatch_metric_alarm.fleet_silence.evaluation_periods == 3
    error_message = "Fleet silence: fewer than 1 received message per period for fleet_silence_minutes (15 = 3 x 5 min), with missing data breaching."
  }

  assert {
    condition     = alltrue([for q in aws_cloudwatch_metric_alarm.fleet_silence.metric_query : strcontains(q.expression, "\"ingest.messages.received\"") && strcontains(q.expression, "\"IotPipeline\"")])
    error_message = "Fleet silence is measured on IotPipeline ingest.messages.received."
  }

  assert {
    condition     = alltrue([for q in aws_cloudwatch_metric_alarm.dlq_rate.metric_query : strcontains(q.expression, "pipeline.dlq.records")]) && alltrue([for q in aws_cloudwatch_metric_alarm.critical_alert_rate.metric_query : strcontains(q.expression, "pipeline.alerts.raised") && strcontains(q.expression, "severity = 'CRITICAL'")])
    error_message = "DLQ rate and alert rate alarms use pipeline.dlq.records and pipeline.alerts.raised (severity CRITICAL)."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.function)) == toset(["ingest-errors", "alert-fanout-errors", "archive-errors", "ingest-throttles", "alert-fanout-throttles", "archive-throttles"])
    error_message = "Every function has an Errors and a Throttles alarm."
  }

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.consumer_lag : a.namespace == "AWS/Kafka" && a.metric_name == "SumOffsetLag" && contains(keys(a.dimensions), "Consumer Group")]) && length(aws_cloudwatch_metric_alarm.consumer_lag) == 2
    error_message = "Each consumer group has a lag alarm on AWS/Kafka SumOffsetLag by consumer group and topic."
  }

  assert {
    condition = alltrue(concat(
      [for a in concat([aws_cloudwatch_metric_alarm.fleet_silence, aws_cloudwatch_metric_alarm.dlq_rate, aws_cloudwatch_metric_alarm.critical_alert_rate, aws_cloudwatch_metric_alarm.failure_queue, aws_cloudwatch_metric_alarm.streams_tasks], values(aws_cloudwatch_metric_alarm.consumer_lag), values(aws_cloudwatch_metric_alarm.function), aws_cloudwatch_metric_alarm.streams_unhealthy_targets) :
      a.alarm_actions == toset([var.alarm_topic_arn]) && a.ok_actions == toset([var.alarm_topic_arn])],
    ))
    error_message = "Every alarm sends its ALARM and OK transitions to the alarms SNS topic."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.streams_unhealthy_targets) == 1 && length(aws_cloudwatch_metric_alarm.streams_tasks.metric_query) == 3
    error_message = "streams-service health is alarmed on running < desired tasks and on unhealthy ALB targets."
  }
}

run "observability_validation" {
  command = plan

  module {
    source = "./modules/observability"
  }

  variables {
    thresholds = { fleet_silence_minutes = 7 }
  }

  expect_failures = [var.thresholds]
}
