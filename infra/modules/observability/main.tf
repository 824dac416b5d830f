data "aws_region" "current" {}

locals {
  ns = var.metrics_namespace

  # Metrics Insights queries aggregate a metric over all of its dimensions (reason, type, severity, or
  # any common tag the services add), so the alarms do not depend on the exact dimension set.
  q_received    = "SELECT SUM(\"ingest.messages.received\") FROM \"${local.ns}\""
  q_accepted    = "SELECT SUM(\"ingest.readings.accepted\") FROM \"${local.ns}\""
  q_rejected    = "SELECT SUM(\"ingest.messages.rejected\") FROM \"${local.ns}\""
  q_late        = "SELECT SUM(\"pipeline.readings.late\") FROM \"${local.ns}\""
  q_dlq         = "SELECT SUM(\"pipeline.dlq.records\") FROM \"${local.ns}\""
  q_critical    = "SELECT SUM(\"pipeline.alerts.raised\") FROM \"${local.ns}\" WHERE severity = 'CRITICAL'"
  q_alerts_type = "SELECT SUM(\"pipeline.alerts.raised\") FROM \"${local.ns}\" GROUP BY type"

  alarm_actions = [var.alarm_topic_arn]

  lambda_alarms = merge(
    { for k, fn in var.function_names : "${k}-errors" => { function = fn, metric = "Errors", threshold = var.thresholds.function_errors_per_5m, short = k } },
    { for k, fn in var.function_names : "${k}-throttles" => { function = fn, metric = "Throttles", threshold = 1, short = k } },
  )

  lb_enabled = var.streams_service.load_balancer_enabled
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_email_endpoints)

  topic_arn = var.alarm_topic_arn
  protocol  = "email"
  endpoint  = each.key
}

# --- Pipeline metrics (namespace IotPipeline) ---

resource "aws_cloudwatch_metric_alarm" "fleet_silence" {
  alarm_name          = "${var.name}-fleet-silent"
  alarm_description   = "No message received from any device for ${var.thresholds.fleet_silence_minutes} minutes (ingest.messages.received). Runbook: infra/README.md#fleet-silent"
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  evaluation_periods  = var.thresholds.fleet_silence_minutes / 5
  datapoints_to_alarm = var.thresholds.fleet_silence_minutes / 5
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "received"
    expression  = local.q_received
    period      = 300
    return_data = true
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dlq_rate" {
  alarm_name          = "${var.name}-dlq-rate"
  alarm_description   = "More than ${var.thresholds.dlq_records_per_5m} inputs per 5 minutes rejected to iot-dlq (pipeline.dlq.records). Runbook: infra/README.md#dlq-rate"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.dlq_records_per_5m
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "dlq"
    expression  = local.q_dlq
    period      = 300
    return_data = true
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "critical_alert_rate" {
  alarm_name          = "${var.name}-critical-alert-rate"
  alarm_description   = "More than ${var.thresholds.critical_alerts_per_5m} CRITICAL alerts per 5 minutes (pipeline.alerts.raised severity=CRITICAL): an incident or a detector misfiring. Runbook: infra/README.md#critical-alert-rate"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.critical_alerts_per_5m
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "critical"
    expression  = local.q_critical
    period      = 300
    return_data = true
  }

  tags = var.tags
}

# --- Kafka consumer lag (AWS/Kafka, per consumer group and topic) ---

resource "aws_cloudwatch_metric_alarm" "consumer_lag" {
  for_each = var.consumer_groups

  alarm_name          = "${var.name}-lag-${each.key}"
  alarm_description   = "Consumer group ${each.value.group} is more than ${var.thresholds.consumer_lag} messages behind on ${each.value.topic}. Runbook: infra/README.md#consumer-lag"
  namespace           = "AWS/Kafka"
  metric_name         = "SumOffsetLag"
  statistic           = "Maximum"
  period              = 300
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.consumer_lag
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  dimensions = {
    "Cluster Name"   = var.msk_cluster_name
    "Consumer Group" = each.value.group
    "Topic"          = each.value.topic
  }

  tags = var.tags
}

# --- Functions: errors and throttles each, and the failure queue ---

resource "aws_cloudwatch_metric_alarm" "function" {
  for_each = local.lambda_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "Lambda ${each.value.function}: ${each.value.threshold} or more ${each.value.metric} in 5 minutes. Runbook: infra/README.md#function-${lower(each.value.metric)}"
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 300
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = each.value.threshold
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  dimensions = {
    FunctionName = each.value.function
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "failure_queue" {
  alarm_name          = "${var.name}-function-failures"
  alarm_description   = "Records that a function could not process are waiting in SQS ${var.failure_queue_name}. Runbook: infra/README.md#function-failures"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  dimensions = {
    QueueName = var.failure_queue_name
  }

  tags = var.tags
}

# --- streams-service health ---

resource "aws_cloudwatch_metric_alarm" "streams_tasks" {
  alarm_name          = "${var.name}-streams-tasks-below-desired"
  alarm_description   = "streams-service runs fewer tasks than desired for 10 minutes (ECS RunningTaskCount < DesiredTaskCount). Runbook: infra/README.md#streams-unhealthy"
  comparison_operator = "LessThanThreshold"
  threshold           = 0
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "gap"
    expression  = "running - desired"
    label       = "Running minus desired tasks"
    return_data = true
  }

  metric_query {
    id          = "running"
    return_data = false

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "RunningTaskCount"
      period      = 300
      stat        = "Minimum"
      dimensions = {
        ClusterName = var.streams_service.cluster_name
        ServiceName = var.streams_service.service_name
      }
    }
  }

  metric_query {
    id          = "desired"
    return_data = false

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "DesiredTaskCount"
      period      = 300
      stat        = "Maximum"
      dimensions = {
        ClusterName = var.streams_service.cluster_name
        ServiceName = var.streams_service.service_name
      }
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "streams_unhealthy_targets" {
  count = local.lb_enabled ? 1 : 0

  alarm_name          = "${var.name}-streams-unhealthy-targets"
  alarm_description   = "The internal ALB sees streams-service tasks failing /q/health/ready. Runbook: infra/README.md#streams-unhealthy"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  dimensions = {
    LoadBalancer = var.streams_service.lb_arn_suffix
    TargetGroup  = var.streams_service.lb_target_group_arn_suffix
  }

  tags = var.tags
}

# --- Dashboard ---

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title   = "Ingest: received / accepted / rejected / late / DLQ (per minute)"
          region  = data.aws_region.current.name
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            [{ expression = local.q_received, id = "received", label = "received", period = 60 }],
            [{ expression = local.q_accepted, id = "accepted", label = "readings accepted", period = 60 }],
            [{ expression = local.q_rejected, id = "rejected", label = "rejected", period = 60 }],
            [{ expression = local.q_late, id = "late", label = "late", period = 60 }],
            [{ expression = local.q_dlq, id = "dlq", label = "dlq", period = 60 }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Alerts raised by type"
          region  = data.aws_region.current.name
          view    = "timeSeries"
          period  = 300
          metrics = [[{ expression = local.q_alerts_type, id = "alerts", period = 300 }]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title  = "Consumer lag (SumOffsetLag)"
          region = data.aws_region.current.name
          view   = "timeSeries"
          period = 60
          stat   = "Maximum"
          metrics = [
            for k, g in var.consumer_groups : ["AWS/Kafka", "SumOffsetLag", "Cluster Name", var.msk_cluster_name, "Consumer Group", g.group, "Topic", g.topic, { label = k }]
          ]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Functions: errors and throttles"
          region = data.aws_region.current.name
          view   = "timeSeries"
          period = 60
          stat   = "Sum"
          metrics = concat(
            [for k, fn in var.function_names : ["AWS/Lambda", "Errors", "FunctionName", fn, { label = "${k} errors" }]],
            [for k, fn in var.function_names : ["AWS/Lambda", "Throttles", "FunctionName", fn, { label = "${k} throttles" }]],
          )
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title  = "streams-service tasks"
          region = data.aws_region.current.name
          view   = "timeSeries"
          period = 60
          metrics = [
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", var.streams_service.cluster_name, "ServiceName", var.streams_service.service_name, { stat = "Minimum" }],
            ["ECS/ContainerInsights", "DesiredTaskCount", "ClusterName", var.streams_service.cluster_name, "ServiceName", var.streams_service.service_name, { stat = "Maximum" }],
          ]
        }
      },
      {
        type = "alarm", x = 12, y = 12, width = 12, height = 6
        properties = {
          title = "Alarms"
          alarms = concat(
            [aws_cloudwatch_metric_alarm.fleet_silence.arn, aws_cloudwatch_metric_alarm.dlq_rate.arn, aws_cloudwatch_metric_alarm.critical_alert_rate.arn, aws_cloudwatch_metric_alarm.failure_queue.arn, aws_cloudwatch_metric_alarm.streams_tasks.arn],
            [for a in aws_cloudwatch_metric_alarm.consumer_lag : a.arn],
          )
        }
      },
    ]
  })
}
