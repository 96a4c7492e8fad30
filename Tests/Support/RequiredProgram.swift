// requiredProgram: the external programs some tests run (a terminal maker, openssl, tinyproxy…), found or
// named: a test whose program is missing fails saying which Debian package scripts/bootstrap.sh installs.
import Foundation

/// The program at `path`, or an error naming the package that provides it.
///
/// ```swift
/// let script = try requiredProgram("/usr/bin/script", package: "bsdutils")
/// ```
public func requiredProgram(_ path: String, package: String) throws -> URL {
    guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingProgram(path: path, package: package) }
    return URL(fileURLWithPath: path)
}

public struct MissingProgram: Error, CustomStringConvertible {
    public let path: String
    public let package: String
    public var description: String {
        "\(path) is missing (Debian package \(package)): run scripts/bootstrap.sh, or apt-get install \(package)"
    }
}
