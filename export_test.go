package resp

// GeneralOnly makes dec decode every value and command by the general path
// of the grammar, never by a fast path, so that tests can check that the
// fast paths decide exactly as the general path does.
func GeneralOnly(dec *Decoder) { dec.d.general = true }

// ReaderGeneralOnly is GeneralOnly for a Reader.
func ReaderGeneralOnly(r *Reader) { r.d.general = true }
