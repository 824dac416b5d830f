output "ecr_repository_url" {
  description = "URL of the streams-service image repository (push <url>:<tag>)."
  value       = aws_ecr_repository.this.repository_url
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "ecs_cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "ecs_service_name" {
  description = "Name of the streams-service ECS service."
  value       = aws_ecs_service.this.name
}

output "ecs_service_min_count" {
  description = "Minimum number of running tasks (used by the health alarm)."
  value       = var.service.min_count
}

output "application_id" {
  description = "Kafka Streams application.id = consumer group of the service."
  value       = local.app_id
}

output "alert_store_group_id" {
  description = "Consumer group of the service's alert store (reads iot-alerts)."
  value       = var.service.alert_store_group_id
}

output "lb_dns_name" {
  description = "DNS name of the internal ALB (null when disabled)."
  value       = try(aws_lb.this[0].dns_name, null)
}

output "lb_arn_suffix" {
  description = "ARN suffix of the internal ALB for CloudWatch dimensions (null when disabled)."
  value       = try(aws_lb.this[0].arn_suffix, null)
}

output "lb_target_group_arn_suffix" {
  description = "ARN suffix of the target group for CloudWatch dimensions (null when disabled)."
  value       = try(aws_lb_target_group.this[0].arn_suffix, null)
}

output "iam_role_task_arn" {
  description = "ARN of the task role."
  value       = aws_iam_role.task.arn
}

output "iam_policy_documents" {
  description = "JSON of every IAM policy this module writes (for review and tests)."
  value       = { task = local.task_policy, execution = local.execution_policy }
}

output "environment" {
  description = "Environment variables of the container."
  value       = local.environment
}
