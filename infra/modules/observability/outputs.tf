output "cloudwatch_dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "cloudwatch_metric_alarm_names" {
  description = "Names of every alarm the module creates."
  value = concat(
    [
      aws_cloudwatch_metric_alarm.fleet_silence.alarm_name,
      aws_cloudwatch_metric_alarm.dlq_rate.alarm_name,
      aws_cloudwatch_metric_alarm.critical_alert_rate.alarm_name,
      aws_cloudwatch_metric_alarm.failure_queue.alarm_name,
      aws_cloudwatch_metric_alarm.streams_tasks.alarm_name,
    ],
    [for a in aws_cloudwatch_metric_alarm.consumer_lag : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.function : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.streams_unhealthy_targets : a.alarm_name],
  )
}
