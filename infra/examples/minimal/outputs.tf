output "kafka_bootstrap_servers" {
  description = "KAFKA_BOOTSTRAP_SERVERS of the environment."
  value       = module.pipeline.kafka_bootstrap_servers
}

output "apigatewayv2_api_endpoint" {
  description = "HTTP ingest base URL."
  value       = module.pipeline.apigatewayv2_api_endpoint
}

output "ecr_repository_url" {
  description = "Where to push the streams-service image."
  value       = module.pipeline.ecr_repository_url
}

output "msk_topics" {
  description = "Topics to create with scripts/create-topics.sh."
  value       = module.pipeline.msk_topics
}
