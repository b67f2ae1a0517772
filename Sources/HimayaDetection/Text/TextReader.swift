extension TextDetector {
    /// What one reader of many posts keeps from post to post: the normaliser's buffers and what
    /// it and the model remember of words met before (`FoldedWordMemo`, `TextModel.WordMemo`).
    /// One per thread or task, never shared.
    public struct Reader: Sendable {
        var normaliser: TextNormaliser
        /// The model's memo, with its figures.
        public internal(set) var memo: TextModel.WordMemo

        /// A reader for about `posts` posts (nil: many). Words a post repeats from earlier posts
        /// are what the memos save, so a reader of one post keeps none, and a reader of a few
        /// keeps a few hundred words rather than 4,096 (about 290 KB).
        public init(posts: Int? = nil) {
            let words = posts.map { $0 <= 1 ? 0 : min(4096, max(256, Self.powerOfTwo(atLeast: $0 * 32))) } ?? 4096
            normaliser = TextNormaliser(rememberingWords: words)
            memo = words > 0 ? TextModel.WordMemo(slots: words) : .none
        }

        private static func powerOfTwo(atLeast value: Int) -> Int {
            var power = 1
            while power < value { power <<= 1 }
            return power
        }
    }
}
