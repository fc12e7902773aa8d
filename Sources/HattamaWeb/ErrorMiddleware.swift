import Foundation
import HattamaStore
import Hummingbird
import NIOCore

/// One error shape for every API failure: `{"error": {"status": 409, "message": "…"}}`.
struct APIErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var status: Int
        var message: String
    }
    var error: Detail
}

extension StoreError {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalid: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .schemaTooNew, .schemaOutdated, .unavailable: .serviceUnavailable
        }
    }
}

struct ErrorMiddleware: RouterMiddleware {
    typealias Context = HattamaRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError {
            return Self.response(status: error.httpStatus, message: error.description, request: request)
        } catch let error as HTTPError {
            return Self.response(
                status: error.status, message: error.body ?? error.status.reasonPhrase, request: request, headers: error.headers)
        } catch is NIOTooManyBytesError {
            return Self.response(
                status: .contentTooLarge, message: "request body larger than \(context.maxUploadSize) bytes", request: request)
        } catch let error as DecodingError {
            return Self.response(status: .badRequest, message: "request body: \(Self.describe(error))", request: request)
        } catch {
            context.logger.error("unhandled error: \(String(reflecting: error))")
            return Self.response(status: .internalServerError, message: "internal error", request: request)
        }
    }

    static func response(status: HTTPResponse.Status, message: String, request: Request, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        if SiteURL.answersInJSON(path: request.uri.path) {
            let body = APIErrorBody(error: .init(status: status.code, message: message))
            let data = (try? JSONEncoder().encode(body)) ?? Data()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let html: String
        if let language = SiteURL.language(ofPath: request.uri.path) {
            // A page in its visitor's language; the detail is English, so only English pages show it.
            let detail = language == .en ? "<p>\(Escape.html(message))</p>" : ""
            html =
                "<!doctype html><html lang=\(language.rawValue)><meta charset=utf-8><title>\(status.code)</title>"
                + "<h1>\(status.code) \(Escape.html(Strings.error(status.code)[language]))</h1>\(detail)"
                + "<p><a href=\"\(SiteURL.home(language).path)\">\(Strings.home[language])</a></p>"
        } else {
            html =
                "<!doctype html><meta charset=utf-8><title>\(status.code)</title><h1>\(status.code) \(Escape.html(status.reasonPhrase))</h1><p>\(Escape.html(message))</p>"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "is not valid JSON" : "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default: return "cannot be decoded"
        }
    }
}

enum Escape {
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
