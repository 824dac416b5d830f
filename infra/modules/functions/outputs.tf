output "function_arns" {
  description = "ARNs of the functions by name (ingest, alert-fanout, archive)."
  value       = { for k, f in aws_lambda_function.this : k => f.arn }
}

output "function_names" {
  description = "Names of the functions by short name."
  value       = { for k, f in aws_lambda_function.this : k => f.function_name }
}

output "function_invoke_arns" {
  description = "Invoke ARNs of the functions by name (for API Gateway integrations)."
  value       = { for k, f in aws_lambda_function.this : k => f.invoke_arn }
}

output "role_arns" {
  description = "Execution role ARNs by function."
  value       = { for k, r in aws_iam_role.this : k => r.arn }
}

output "event_source_mappings" {
  description = "The MSK event source mappings: key => function, topic and consumer group."
  value       = local.event_sources
}

output "sqs_queue_failures_arn" {
  description = "ARN of the queue that receives records the functions could not process."
  value       = aws_sqs_queue.failures.arn
}

output "sqs_queue_failures_name" {
  description = "Name of the failure queue."
  value       = aws_sqs_queue.failures.name
}

output "iam_policy_documents" {
  description = "JSON of every IAM policy this module writes, by function (for review and tests)."
  value       = local.policies
}

output "environment" {
  description = "Environment variables every function gets."
  value       = local.environment
}

output "function_environments" {
  description = "Environment variables by function (the common ones plus alert-fanout's database settings)."
  value       = local.function_environment
}
