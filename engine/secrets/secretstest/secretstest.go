// Package secretstest makes credentials for tests of secret scanning:
// values that pass the scanner's offline checks, so they look live.
package secretstest

import "hash/crc32"

// GitHubToken is prefix (ghp_, gho_…) and body (30 base62 characters)
// followed by the CRC32 checksum GitHub appends, in 6 base62 digits: a
// token that passes the offline check (none made here is real).
func GitHubToken(prefix, body string) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	n := crc32.ChecksumIEEE([]byte(body))
	sum := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		sum[i] = digits[n%62]
		n /= 62
	}
	return prefix + body + string(sum)
}
