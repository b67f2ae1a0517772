import ArgumentParser

/// The `himaya` command: serve, work, migrate, verify, add staff, load the demo.
@main
struct HimayaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "himaya",
        abstract: "Protection for human rights defenders online.",
        subcommands: [
            Serve.self, Worker.self, Migrate.self, Demo.self, Audit.self, Staff.self, PartnerCommand.self, PlatformCommand.self, Keys.self, TOTPCode.self, HashImages.self, MatchImages.self, HashListCommand.self, TrainTextModel.self, EvaluateText.self, ScanTextFile.self, CheckLexicons.self, DefenderCommand.self,
        ])
}

