package secrets

import "bytes"

// keywordIndex finds every rule keyword in one pass over the content.
// Searching each of gitleaks' ~240 keywords with its own bytes.Index pass
// cost a quarter of a scan; here each byte pair is looked up once in a table
// of the keywords' first two bytes (every keyword has at least two).
type keywordIndex struct {
	words [][]byte
	// head[b0<<8|b1] is 1 + the first keyword starting with b0 b1, or 0;
	// chain links the next keyword with the same two bytes.
	head  [1 << 16]int32
	chain []int32
}

// newKeywordIndex indexes the rules' keywords and replaces each rule's
// keyword list with ids into the index.
func newKeywordIndex(rules []rule) *keywordIndex {
	ki := &keywordIndex{}
	ids := map[string]int{}
	for i := range rules {
		r := &rules[i]
		r.keywordIDs = r.keywordIDs[:0]
		for _, k := range r.keywords {
			id, ok := ids[k]
			if !ok {
				if len(k) < 2 {
					// Never in gitleaks' set; kept searchable all the same.
					k += "\x00"
				}
				id = len(ki.words)
				ids[k] = id
				ki.words = append(ki.words, []byte(k))
				h := int(k[0])<<8 | int(k[1])
				ki.chain = append(ki.chain, ki.head[h])
				ki.head[h] = int32(id + 1)
			}
			r.keywordIDs = append(r.keywordIDs, id)
		}
	}
	return ki
}

// find returns, per keyword id, the offsets where it occurs in lower.
func (ki *keywordIndex) find(lower []byte) [][]int {
	hits := make([][]int, len(ki.words))
	for i := 0; i+1 < len(lower); i++ {
		for id := ki.head[int(lower[i])<<8|int(lower[i+1])]; id != 0; id = ki.chain[id-1] {
			if bytes.HasPrefix(lower[i:], ki.words[id-1]) {
				hits[id-1] = append(hits[id-1], i)
			}
		}
	}
	return hits
}
