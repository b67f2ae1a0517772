/// Reads raw hash matches as signals: which list, how near, and what that means. Pure rules, so
/// each can be tested on its own.
public enum MediaMatching {
    /// A stored hash near the image: the list holding it and the distance.
    public struct Candidate: Sendable {
        public var list: HashList
        public var distance: Int
        /// Found by MD5 or SHA-256 of the file rather than by PDQ.
        public var exact: Bool

        public init(list: HashList, distance: Int, exact: Bool) {
            self.list = list
            self.distance = distance
            self.exact = exact
        }
    }

    /// The signals for one image: at most one a list (the nearest), a low-quality note when PDQ
    /// matching was refused for quality and nothing else was found.
    public static func signals(mediaIndex: Int, quality: Int?, candidates: [Candidate]) -> [MediaSignal] {
        var best: [HashList.ID: Candidate] = [:]
        var refusedForQuality: Int?
        for candidate in candidates {
            if !candidate.exact {
                guard candidate.distance <= candidate.list.matchThreshold else { continue }
                if let quality, quality < candidate.list.minimumQuality {
                    refusedForQuality = max(refusedForQuality ?? 0, candidate.list.minimumQuality)
                    continue
                }
            }
            if let current = best[candidate.list.id] {
                let better = (candidate.exact && !current.exact) || (candidate.exact == current.exact && candidate.distance < current.distance)
                if !better { continue }
            }
            best[candidate.list.id] = candidate
        }
        var signals = best.values.sorted { ($0.distance, $0.list.name) < ($1.distance, $1.list.name) }.map { candidate in
            signal(for: candidate, mediaIndex: mediaIndex, quality: quality)
        }
        if signals.isEmpty, let minimum = refusedForQuality, let quality {
            signals.append(
                MediaSignal(
                    kind: .lowQuality, mediaIndex: mediaIndex, quality: quality,
                    explanation: "PDQ quality \(quality) is under \(minimum): the hash is too unreliable to match"))
        }
        return signals
    }

    /// Quality refused before any search: the image says too little for its hash to mean anything.
    public static func lowQuality(mediaIndex: Int, quality: Int, minimum: Int) -> MediaSignal {
        MediaSignal(
            kind: .lowQuality, mediaIndex: mediaIndex, quality: quality,
            explanation: "PDQ quality \(quality) is under \(minimum): the hash is too unreliable to match")
    }

    private static func signal(for candidate: MediaMatching.Candidate, mediaIndex: Int, quality: Int?) -> MediaSignal {
        let list = candidate.list
        let kind: MediaSignal.Kind
        let explanation: String
        if list.category == .defenderReferencePhotos {
            if candidate.exact || candidate.distance == 0 {
                kind = .referencePhotoReposted
                explanation = "the same picture as a reference photo the defender gave (distance \(candidate.distance))"
            } else {
                kind = .possibleAlteredImage
                explanation = "near a reference photo the defender gave but not the same (distance \(candidate.distance) of at most \(list.matchThreshold)): possibly altered"
            }
        } else if candidate.exact {
            kind = .exactMatch
            explanation = "the same file as one on the list \"\(list.name)\""
        } else {
            kind = .listMatch
            explanation = "PDQ distance \(candidate.distance) to a hash on the list \"\(list.name)\" (at most \(list.matchThreshold) counts)"
        }
        return MediaSignal(
            kind: kind, mediaIndex: mediaIndex, listID: list.id, listName: list.name, category: list.category, action: list.action,
            defenderID: list.defenderID, distance: candidate.distance, quality: quality, explanation: explanation)
    }
}

/// What the signals of one content item lead to, by the lists' action policies.
public struct MediaOutcome: Sendable, Equatable {
    /// The case to open or join, if any signal's list asks for one.
    public var caseCategory: IncidentCategory?
    /// The defender concerned, when a reference photo was matched.
    public var defenderID: Defender.ID?
    /// Signals whose list asks to alert the defender concerned.
    public var alerts: [MediaSignal]
    /// The reasons, for the case and the audit log.
    public var reasons: [String]

    /// Applies the action policies: open-case lists open a case under the category of the most
    /// serious match; alert lists alert; count-only lists only count. A possibly altered picture of
    /// a defender also alerts that defender, whatever the list says. Reposts of a defender's own
    /// unchanged photo never open a case by themselves.
    public static func decide(_ signals: [MediaSignal]) -> MediaOutcome {
        var outcome = MediaOutcome(caseCategory: nil, defenderID: nil, alerts: [], reasons: [])
        let ranked: [IncidentCategory] = [.imageBasedAbuse, .threatOfViolence, .alteredImage, .other]
        for signal in signals {
            guard let action = signal.action, let category = signal.category, signal.kind != .lowQuality else { continue }
            if signal.kind == .referencePhotoReposted { continue }
            if signal.defenderID != nil { outcome.defenderID = signal.defenderID }
            if signal.kind == .possibleAlteredImage && action != .alertDefender { outcome.alerts.append(signal) }
            switch action {
            case .openCase:
                let incident = signal.kind == .possibleAlteredImage ? IncidentCategory.alteredImage : category.incidentCategory
                if let current = outcome.caseCategory {
                    if ranked.firstIndex(of: incident)! < ranked.firstIndex(of: current)! { outcome.caseCategory = incident }
                } else {
                    outcome.caseCategory = incident
                }
                outcome.reasons.append(signal.explanation)
            case .alertDefender:
                outcome.alerts.append(signal)
                outcome.reasons.append(signal.explanation)
            case .countOnly:
                break
            }
        }
        return outcome
    }
}
