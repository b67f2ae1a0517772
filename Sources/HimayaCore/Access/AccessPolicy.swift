/// Which staff roles may enter which area. One table, read by the server for every route.
public enum AccessPolicy {
    /// Whether someone with `role` (nil for a visitor who is not signed in) may use `area`.
    public static func allows(_ role: StaffRole?, in area: Area) -> Bool {
        switch area {
        case .publicPages:
            return true
        case .staffHome:
            return role != nil
        case .console:
            guard let role else { return false }
            return [.responder, .seniorResponder, .protectionLead, .auditor].contains(role)
        case .consoleActions:
            guard let role else { return false }
            return [.responder, .seniorResponder, .protectionLead].contains(role)
        case .enforcementReview:
            return role == .seniorResponder || role == .protectionLead
        case .protectionDesk:
            return role == .protectionLead
        case .administration:
            return role == .admin
        case .audit:
            return role == .admin || role == .auditor
        }
    }
}
