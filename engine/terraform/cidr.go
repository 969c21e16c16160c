package terraform

import (
	"errors"
	"fmt"
	"math/big"
	"net/netip"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// The cidr* functions, with Terraform's semantics, over big integers so one
// implementation serves IPv4 and IPv6.

type ipNet struct {
	base *big.Int // network address
	bits int      // 32 or 128
	plen int      // prefix length
}

func parseNet(s string) (ipNet, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return ipNet{}, fmt.Errorf("invalid CIDR expression: %w", err)
	}
	p = p.Masked()
	a := p.Addr()
	return ipNet{base: new(big.Int).SetBytes(a.AsSlice()), bits: a.BitLen(), plen: p.Bits()}, nil
}

func (n ipNet) addr(x *big.Int) string {
	b := make([]byte, n.bits/8)
	x.FillBytes(b)
	a, _ := netip.AddrFromSlice(b)
	return a.String()
}

func (n ipNet) prefix(x *big.Int, plen int) string {
	return fmt.Sprintf("%s/%d", n.addr(x), plen)
}

// hostMask is the mask of the host part of a plen-long prefix.
func (n ipNet) hostMask(plen int) *big.Int {
	m := new(big.Int).Lsh(big.NewInt(1), uint(n.bits-plen))
	return m.Sub(m, big.NewInt(1))
}

func bigInt(v cty.Value) (*big.Int, error) {
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return nil, errors.New("must be a whole number")
	}
	i, _ := bf.Int(nil)
	return i, nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseNet(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		nb, err := bigInt(args[1])
		if err != nil {
			return cty.NilVal, err
		}
		num, err := bigInt(args[2])
		if err != nil {
			return cty.NilVal, err
		}
		if nb.Sign() < 0 || !nb.IsInt64() || int(nb.Int64())+n.plen > n.bits {
			return cty.NilVal, fmt.Errorf("insufficient address space to extend prefix of %d by %s", n.plen, nb)
		}
		plen := n.plen + int(nb.Int64())
		limit := new(big.Int).Lsh(big.NewInt(1), uint(nb.Int64()))
		if num.Sign() < 0 || num.Cmp(limit) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix extension of %s does not accommodate a subnet numbered %s", nb, num)
		}
		x := new(big.Int).Lsh(num, uint(n.bits-plen))
		x.Or(x, n.base)
		return cty.StringVal(n.prefix(x, plen)), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseNet(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		num, err := bigInt(args[1])
		if err != nil {
			return cty.NilVal, err
		}
		size := new(big.Int).Lsh(big.NewInt(1), uint(n.bits-n.plen))
		if num.Sign() < 0 {
			num.Add(num, size)
		}
		if num.Sign() < 0 || num.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %s", n.plen, args[1].AsBigFloat())
		}
		return cty.StringVal(n.addr(num.Add(num, n.base))), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseNet(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		if n.bits != 32 {
			return cty.NilVal, errors.New("only IPv4 networks have a netmask")
		}
		m := new(big.Int).Lsh(big.NewInt(1), 32)
		m.Sub(m, big.NewInt(1))
		m.AndNot(m, n.hostMask(n.plen))
		return cty.StringVal(n.addr(m)), nil
	},
})

// cidrsubnets allocates consecutive subnets the way Terraform does: each
// one is the next subnet of its size after the previous one.
var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseNet(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		space := new(big.Int).Lsh(big.NewInt(1), uint(n.bits))
		netLast := new(big.Int).Or(n.base, n.hostMask(n.plen))
		var current *big.Int // last address of the previous subnet
		out := make([]cty.Value, 0, len(args)-1)
		for i, a := range args[1:] {
			nb, err := bigInt(a)
			if err != nil {
				return cty.NilVal, err
			}
			if nb.Sign() < 1 || !nb.IsInt64() || int(nb.Int64())+n.plen > n.bits {
				return cty.NilVal, fmt.Errorf("invalid newbits value %s", nb)
			}
			plen := n.plen + int(nb.Int64())
			hm := n.hostMask(plen)
			if i == 0 {
				// The subnet before the first: the one holding base-1.
				current = new(big.Int).Sub(n.base, big.NewInt(1))
				current.Mod(current, space)
			}
			next := new(big.Int).AndNot(current, hm)
			next.Or(next, hm)
			next.Add(next, big.NewInt(1))
			if next.Cmp(space) >= 0 {
				return cty.NilVal, errors.New("not enough remaining address space")
			}
			next.AndNot(next, hm)
			last := new(big.Int).Or(next, hm)
			if next.Cmp(n.base) < 0 || last.Cmp(netLast) > 0 {
				return cty.NilVal, fmt.Errorf("not enough remaining address space for a subnet with a prefix of %d bits after %s", plen, strings.Join(ctyStrings(out), ", "))
			}
			out = append(out, cty.StringVal(n.prefix(next, plen)))
			current = last
		}
		return cty.ListVal(out), nil
	},
})

func ctyStrings(vs []cty.Value) []string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.AsString()
	}
	return s
}
