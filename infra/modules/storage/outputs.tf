output "kms_key_arn" {
  description = "ARN of the customer managed key that encrypts the pipeline's stores."
  value       = aws_kms_key.this.arn
}

output "kms_key_policy" {
  description = "JSON of the key policy (for review and tests)."
  value       = local.kms_key_policy
}

output "archive_bucket_id" {
  description = "Name of the S3 archive bucket (ARCHIVE_BUCKET)."
  value       = aws_s3_bucket.archive.id
}

output "archive_bucket_arn" {
  description = "ARN of the S3 archive bucket."
  value       = aws_s3_bucket.archive.arn
}

output "archive_bucket_policy" {
  description = "JSON of the archive bucket policy (TLS only)."
  value       = local.archive_bucket_policy
}

output "sns_topic_arns" {
  description = "ARNs of the SNS topics by role: critical, monitoring, alarms."
  value       = { for k, t in aws_sns_topic.this : k => t.arn }
}

output "pagerduty_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the PagerDuty routing key (PAGERDUTY_ROUTING_KEY_SECRET_ARN)."
  value       = aws_secretsmanager_secret.pagerduty.arn
}

output "rds_cluster_endpoint" {
  description = "Writer endpoint of the Aurora PostgreSQL cluster."
  value       = aws_rds_cluster.this.endpoint
}

output "rds_cluster_port" {
  description = "Port of the Aurora PostgreSQL cluster."
  value       = aws_rds_cluster.this.port
}

output "rds_cluster_database_name" {
  description = "Name of the database."
  value       = var.database.database_name
}

output "rds_cluster_master_username" {
  description = "Master user name (QUARKUS_DATASOURCE_USERNAME)."
  value       = var.database.master_username
}

output "rds_cluster_master_user_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret with the master password (JSON keys username, password)."
  value       = try(aws_rds_cluster.this.master_user_secret[0].secret_arn, null)
}

output "rds_cluster_reactive_url" {
  description = "QUARKUS_DATASOURCE_REACTIVE_URL of the registry/alert store."
  value       = "postgresql://${aws_rds_cluster.this.endpoint}:5432/${var.database.database_name}"
}
