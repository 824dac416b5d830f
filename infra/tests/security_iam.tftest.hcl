# Least privilege across every IAM and IoT policy the whole configuration writes (root module plan).

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  environment = "test"
}

run "iam_policies_least_privilege" {
  command = plan

  assert {
    condition     = length(output.iam_policy_documents) >= 7
    error_message = "Every IAM policy of the configuration must be exposed in output.iam_policy_documents so that it can be reviewed."
  }
}
