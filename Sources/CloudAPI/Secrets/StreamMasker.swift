// StreamMasker: SecretMask over a stream written in pieces. A secret split across two writes is
// still masked: the tail that could begin a secret is held back until the next piece shows.
/// Masks a byte stream chunk by chunk.
///
/// ```swift
/// var masker = StreamMasker(mask: mask)
/// out(masker.feed(Array("token=s3cr".utf8)))   // "token="   ("s3cr" may begin a secret: held)
/// out(masker.feed(Array("3t-value\n".utf8)))   // "***\n"
/// out(masker.finish())
/// ```
public struct StreamMasker: Sendable {
    public let mask: SecretMask
    private var pending: [UInt8] = []

    public init(mask: SecretMask) { self.mask = mask }

    /// What may be written now.
    public mutating func feed(_ chunk: [UInt8]) -> [UInt8] {
        pending += chunk
        let (ready, held) = SecretMask.scan(pending, mask.needles, endOfText: false)
        pending = Array(pending[held...])
        return ready
    }

    /// Everything still held (end of stream).
    public mutating func finish() -> [UInt8] {
        defer { pending = [] }
        return SecretMask.replacing(mask.needles, in: pending)
    }
}
