import Foundation
import HimayaCore
import HimayaDetection
import HimayaImaging
import HimayaStore
import Hummingbird

/// `/api/v1/defenders/{id}/…`: the platform records the consents a defender gave in its own
/// settings, and sends the reference photos a defender chose to give. Only hashes are kept, never
/// the photo: PDQ of the picture and of its mirror images (altered copies are often flipped).
/// Withdrawing the consent deletes them.
struct DefenderPhotosAPIController {
    let himaya: Himaya

    static let maximumPhotos = 20

    func register(on group: RouterGroup<AppRequestContext>) {
        let defenders = group.group("defenders").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .defendersWrite))
        defenders.put(":id/consents/:purpose", use: recordConsent)
        defenders.post(":id/reference-photos", use: addPhotos)
        defenders.delete(":id/reference-photos", use: removePhotos)
    }

    struct ConsentChange: Decodable {
        var granted: Bool
    }

    struct ConsentView: Codable, ResponseEncodable {
        var defender: String
        var purpose: String
        var granted: Bool
    }

    struct Photos: Decodable {
        var images: [String]?
        var hashes: [String]?
    }

    struct PhotosAdded: Codable, ResponseEncodable {
        struct Photo: Codable {
            var index: Int
            var quality: Int?
            var kept: Bool
            var reason: String?
        }

        var photos: [Photo]
        var hashesAdded: Int
    }

    @Sendable func recordConsent(request: Request, context: AppRequestContext) async throws -> ConsentView {
        let defender = try await himaya.defender(inPath: context)
        guard let purpose = context.parameters.get("purpose").flatMap(ConsentPurpose.init(rawValue:)) else { throw AppError.notFound }
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let change = try? JSONDecoder().decode(ConsentChange.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        try await himaya.recordConsent(purpose, granted: change.granted, for: defender.id, by: "platform:\(context.platformKey!.platformID)")
        return ConsentView(defender: defender.id.description, purpose: purpose.rawValue, granted: change.granted)
    }

    @Sendable func addPhotos(request: Request, context: AppRequestContext) async throws -> PhotosAdded {
        let defender = try await himaya.defender(inPath: context)
        guard try await himaya.store.consents.holds(.referencePhotos, for: defender.id) else {
            throw AppError.validation([.init(field: "consent", messageKey: "reference_photos_error_consent")])
        }
        var request = request
        let body = try await request.collectBody(upTo: ScanAPIController.bodyLimit)
        guard let photos = try? JSONDecoder().decode(Photos.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        let images = photos.images ?? [], given = photos.hashes ?? []
        guard !(images.isEmpty && given.isEmpty), images.count + given.count <= Self.maximumPhotos else {
            throw AppError.validation([.init(field: "images", messageKey: "reference_photos_error_count", values: ["limit": String(Self.maximumPhotos)])])
        }
        var signals: [HashSignal] = []
        var report: [PhotosAdded.Photo] = []
        let hasher = PDQHasher()
        let decoder = ImageDecoder(maximumPixels: 50_000_000)
        for (index, encoded) in images.enumerated() {
            guard let bytes = Data(base64Encoded: encoded), bytes.count <= ScanAPIController.maximumImageBytes else {
                throw AppError.validation([.init(field: "images[\(index)]", messageKey: "scan_error_image_encoding")])
            }
            do {
                let result = hasher.dihedralHashes(try decoder.decode(Array(bytes)))
                guard result.quality >= HashList.defaultMinimumQuality else {
                    report.append(.init(index: index, quality: result.quality, kept: false,
                                        reason: "PDQ quality \(result.quality) is under \(HashList.defaultMinimumQuality): too plain a picture to match reliably"))
                    continue
                }
                // The original and its mirror images; the turned variants match too much unrelated content.
                for variant in [Dihedral.original, .flipX, .flipY] {
                    signals.append(HashSignal(kind: .pdq, value: result.hashes[variant.rawValue].hex)!)
                }
                report.append(.init(index: index, quality: result.quality, kept: true, reason: nil))
            } catch {
                report.append(.init(index: index, quality: nil, kept: false, reason: error.description))
            }
        }
        for (offset, text) in given.enumerated() {
            guard let signal = HashSignal(kind: .pdq, value: text) else {
                throw AppError.validation([.init(field: "hashes[\(offset)]", messageKey: "scan_error_hash", values: ["kind": "PDQ"])])
            }
            signals.append(signal)
            report.append(.init(index: images.count + offset, quality: nil, kept: true, reason: nil))
        }
        let by = "platform:\(context.platformKey!.platformID)"
        let list: HashList
        if let existing = try await himaya.store.hashLists.referenceList(of: defender.id) {
            list = existing
        } else {
            list = HashList(
                name: "reference photos \(defender.id)", category: .defenderReferencePhotos, owner: "defender:\(defender.id)",
                action: .openCase, defenderID: defender.id, createdAt: himaya.clock.now)
            try await himaya.store.hashLists.create(list, by: by)
        }
        let added = try await himaya.store.hashLists.add(signals, to: list.id, by: by, at: himaya.clock.now)
        try await himaya.hashLibrary.reload(from: himaya.store, at: himaya.clock.now)
        return PhotosAdded(photos: report, hashesAdded: added)
    }

    @Sendable func removePhotos(request: Request, context: AppRequestContext) async throws -> Response {
        let defender = try await himaya.defender(inPath: context)
        if let list = try await himaya.store.hashLists.referenceList(of: defender.id) {
            try await himaya.store.hashLists.delete(list.id, by: "platform:\(context.platformKey!.platformID)")
            try await himaya.hashLibrary.reload(from: himaya.store, at: himaya.clock.now)
        }
        return Response(status: .noContent)
    }
}
