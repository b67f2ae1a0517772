extension TextDetector {
    /// What one reader of many posts keeps from post to post: the normaliser's buffers and what
    /// it and the model remember of words met before (`FoldedWordMemo`, `TextModel.WordMemo`). One per thread or task, never shared.
    public struct Reader: Sendable {
        var normaliser = TextNormaliser(rememberingWords: 4096)
        /// The model's memo, with its figures.
        public internal(set) var memo = TextModel.WordMemo()

        public init() {}
    }
}
