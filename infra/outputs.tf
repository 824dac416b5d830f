output "kafka_bootstrap_servers" {
  description = "KAFKA_BOOTSTRAP_SERVERS: MSK bootstrap brokers for SASL/IAM over TLS (port 9098)."
  value       = module.msk.cluster_bootstrap_brokers_sasl_iam
}

output "msk_cluster_arn" {
  description = "ARN of the MSK cluster."
  value       = module.msk.cluster_arn
}

output "msk_topics" {
  description = "The pipeline's Kafka topics (name => partitions, retention_ms, cleanup_policy, holds); scripts/create-topics.sh creates them."
  value       = module.msk.topics
}

output "msk_topic_replication_factor" {
  description = "Replication factor for the topics."
  value       = module.msk.topic_replication_factor
}

output "msk_topic_bootstrap_commands" {
  description = "Idempotent kafka-topics.sh commands that create the topics."
  value       = module.msk.topic_bootstrap_commands
}

output "archive_bucket_id" {
  description = "ARCHIVE_BUCKET: name of the S3 archive bucket."
  value       = module.storage.archive_bucket_id
}

output "sns_topic_arns" {
  description = "SNS_CRITICAL_TOPIC_ARN, SNS_MONITORING_TOPIC_ARN and the alarms topic, by role."
  value       = module.storage.sns_topic_arns
}

output "pagerduty_secret_arn" {
  description = "PAGERDUTY_ROUTING_KEY_SECRET_ARN: secret holding the PagerDuty routing key."
  value       = module.storage.pagerduty_secret_arn
}

output "kms_key_arn" {
  description = "ARN of the customer managed key of the pipeline."
  value       = module.storage.kms_key_arn
}

output "rds_cluster_reactive_url" {
  description = "QUARKUS_DATASOURCE_REACTIVE_URL of the registry and alert store."
  value       = module.storage.rds_cluster_reactive_url
}

output "rds_cluster_master_user_secret_arn" {
  description = "Secret with the database password (ECS injects it as QUARKUS_DATASOURCE_PASSWORD)."
  value       = module.storage.rds_cluster_master_user_secret_arn
}

output "lambda_function_names" {
  description = "Names of the functions by short name."
  value       = module.functions.function_names
}

output "lambda_environment" {
  description = "Environment variables every function gets (contract names)."
  value       = module.functions.environment
}

output "lambda_function_environments" {
  description = "Environment variables by function."
  value       = module.functions.function_environments
}

output "lambda_event_source_mappings" {
  description = "MSK event source mappings: function, topic and consumer group."
  value       = module.functions.event_source_mappings
}

output "sqs_queue_failures_arn" {
  description = "Queue of records the functions could not process."
  value       = module.functions.sqs_queue_failures_arn
}

output "apigatewayv2_api_endpoint" {
  description = "HTTP ingest base URL: POST <endpoint>/telemetry/{deviceType}/{sensorId}."
  value       = module.iot.apigatewayv2_api_endpoint
}

output "iot_policy_device_name" {
  description = "IoT policy attached to every device certificate (scripts/onboard-device.sh uses it)."
  value       = module.iot.iot_policy_device_name
}

output "iot_thing_type_names" {
  description = "Thing types (device types)."
  value       = module.iot.iot_thing_type_names
}

output "iot_topic_rule_sql" {
  description = "SQL of the IoT topic rules by role."
  value       = module.iot.iot_topic_rule_sql
}

output "iot_provisioning_template_name" {
  description = "Fleet provisioning template (null when fleet provisioning is off)."
  value       = module.iot.iot_provisioning_template_name
}

output "ecr_repository_url" {
  description = "Repository of the streams-service image."
  value       = module.streams.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster of the streams-service."
  value       = module.streams.ecs_cluster_name
}

output "ecs_service_name" {
  description = "ECS service of the streams-service."
  value       = module.streams.ecs_service_name
}

output "streams_environment" {
  description = "Environment variables of the streams-service container."
  value       = module.streams.environment
}

output "lb_dns_name" {
  description = "Internal ALB of the streams-service (registry API for scripts/onboard-device.sh, dashboard); null when disabled."
  value       = module.streams.lb_dns_name
}

output "cloudwatch_dashboard_name" {
  description = "CloudWatch dashboard of the pipeline."
  value       = module.observability.cloudwatch_dashboard_name
}

output "cloudwatch_metric_alarm_names" {
  description = "Every alarm of the pipeline."
  value       = module.observability.cloudwatch_metric_alarm_names
}

output "iam_policy_documents" {
  description = "JSON of every IAM policy the configuration writes, keyed <module>.<name> (for review and tests)."
  value = merge(
    { for k, v in module.functions.iam_policy_documents : "functions.${k}" => v },
    { for k, v in module.streams.iam_policy_documents : "streams.${k}" => v },
    { for k, v in module.iot.iam_policy_documents : "iot.${k}" => v },
    { for k, v in module.network.iam_policy_documents : "network.${k}" => v if v != null },
  )
}

output "iot_policy_documents" {
  description = "JSON of every IoT policy (device, claim)."
  value       = module.iot.iot_policy_documents
}
