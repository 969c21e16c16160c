package pathctx

import "testing"

func TestOf(t *testing.T) {
	tests := []struct {
		file string
		want Context
	}{
		{"cmd/server/main.go", Code},
		{"deploy/prod.env", Code},
		{"internal/auth/token_test.go", Test},
		{"pkg/x/testdata/key.pem", Fixture},
		{"tests/test_client.py", Test},
		{"app/test_settings.py", Test},
		{"app/settings_test.py", Test},
		{"app/conftest.py", Test},
		{"src/api.spec.ts", Test},
		{"web/login.test.jsx", Test},
		{"src/test/java/com/acme/AuthTest.java", Test},
		{"src/main/java/com/acme/AuthTest.java", Test},
		{"src/main/java/com/acme/Latest.java", Code},
		{"src/main/kotlin/Contest.kt", Code},
		{"spec/models/user_spec.rb", Test},
		{"lib/__fixtures__/creds.json", Fixture},
		{"test/fixtures/id_rsa", Fixture},
		{"e2e/login.ts", Test},
		{"README.md", Docs},
		{"README", Docs},
		{"docs/setup.html", Docs},
		{"guide/install.rst", Docs},
		{"examples/basic/main.tf", Example},
		{".env.example", Example},
		{"config/app.sample.yaml", Example},
		{"phpunit.xml.dist", Example},
		{"contest/notes.txt", Code},
		{"latest/config.yaml", Code},
		{"protest.go", Code},
		{".github/workflows/signing-test.key", Test},
		{"scripts/test_helpers.bash", Test},
		{"certs/latest-server.key", Code},
		{"pkg/attestation/key.go", Code},
	}
	for _, tt := range tests {
		got, why := Of(tt.file)
		if got != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.file, got, why, tt.want)
		}
		if (got == Code) != (why == "") {
			t.Errorf("%s: context %s with reason %q", tt.file, got, why)
		}
	}
}
