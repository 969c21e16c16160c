# METADATA
# title: Dockerfiles name a user
# description: Test policy of the evidence bundle's golden files; the test run has no Dockerfile, so its control is not tested.
# custom:
#   id: TEST-003
#   severity: low
#   kind: dockerfile
#   controls: [TEST:CC-3]
#   enforcement: deny
package test.dockerfile_user

deny contains {"msg": "no USER", "resource": "Dockerfile"} if {
	false
}
