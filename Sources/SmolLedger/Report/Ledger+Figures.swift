/// Registered report figures (their data are evaluated as tables; see `FigureSpec`).
extension Ledger {
    /// The latest registration of every figure name, ordered by name.
    public func figures() throws -> [FigureSpec] { try latestRegistrations(.figures) }
}
