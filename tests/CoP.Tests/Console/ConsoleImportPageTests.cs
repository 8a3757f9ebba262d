using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using CoP.Shared.Console;
using Azure.Data.Tables;
using CoP.Functions.Console;
using CoP.Shared.Members.Import;
using CoP.Shared.Storage;
using static CoP.Tests.Console.ConsoleImportFlows;
using static CoP.Tests.Members.Import.ImportFiles;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Console;

public sealed class ConsoleImportPageTests(StorageFixture storage)
{
    /// <summary>The import's routes, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/members/import"),
        ("POST", "/api/console/members/import/preview"),
        ("POST", "/api/console/members/import"),
    ];

    private static readonly byte[] FiveBadRows = Encoding.UTF8.GetBytes(WithFiveBadRows());

    [Fact]
    public async Task EveryImportRouteRefusesWithoutASessionAndWritesNothing()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);
        var hash = HashOf(await PreviewAsync(app, session, FiveBadRows));
        await app.Get<ConsoleAccess>().EndAsync(session, Ct);
        var before = await AuditAsync(app);

        foreach (var stale in new string?[] { null, session, new('0', 64), "not-a-session" })
        {
            var page = await ShowAsync(app, stale);
            Assert.Equal(303, page.Status);
            Assert.EndsWith("/console/sign-in", page.Headers.Location.ToString(), StringComparison.Ordinal);
            Assert.Equal(401, (await PreviewAsync(app, stale, FiveBadRows)).Status);
            Assert.Equal(401, (await RunAsync(app, stale, hash)).Status);
        }

        Assert.Equal(0, await RowCountAsync(app, "Members"));
        Assert.Equal(before, await AuditAsync(app));
    }

    [Fact]
    public async Task AFormWithoutTheSessionsAntiForgeryFieldIsRefusedAndWritesNothing()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);
        var hash = HashOf(await PreviewAsync(app, session, FiveBadRows));
        var other = await SignInAsync(app);

        foreach (var token in new[] { "", "forged", ConsoleGate.FormToken(other) })
        {
            Assert.Equal(403, (await PreviewAsync(app, session, Encoding.UTF8.GetBytes(MembersFile(3, from: 900)), token)).Status);
            Assert.Equal(403, (await RunAsync(app, session, hash, formToken: token)).Status);
        }

        Assert.Equal(0, await RowCountAsync(app, "Members"));
        Assert.Equal([hash + ".csv"], await KeptFilesAsync(app));
        Assert.DoesNotContain(await AuditAsync(app), e => e.Action == "members.import");
    }

    [Fact]
    public async Task ThePreviewListsExactlyTheRefusedLinesKeepsTheFileByItsHashAndWritesNoMember()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);

        var preview = await PreviewAsync(app, session, FiveBadRows);

        Assert.Equal(200, preview.Status);
        Assert.Contains("Import 495 members", preview.Body, StringComparison.Ordinal);
        foreach (var line in BadLines)
        {
            Assert.Contains($"<tr><td>{line}</td>", preview.Body, StringComparison.Ordinal);
        }

        Assert.Equal(BadLines.Length, CountOf(preview.Body, "<tr><td>"));
        Assert.DoesNotContain("@example.org", preview.Body, StringComparison.Ordinal);
        var hash = HashOf(preview);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(FiveBadRows)), hash);
        Assert.Equal([hash + ".csv"], await KeptFilesAsync(app));
        Assert.Equal(0, await RowCountAsync(app, "Members"));
        var audit = Assert.Single(await AuditAsync(app));
        Assert.Equal(("members.import.preview", hash, "rows=500 new=495 already=0 refused=5"), (audit.Action, audit.Target, audit.Detail));
    }

    [Fact]
    public async Task TheImportWritesTheKeptFileAuditsItDeletesItAndSaysWhatItDid()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);
        var hash = HashOf(await PreviewAsync(app, session, FiveBadRows));

        var imported = await RunAsync(app, session, hash);

        Assert.Equal(303, imported.Status);
        var location = imported.Headers.Location.ToString();
        Assert.Equal("/api/console/members/import?imported=495&already=0&refused=5", location);
        Assert.Equal(495, await RowCountAsync(app, "Members"));
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
        Assert.Empty(app.Outbox());
        Assert.Empty(await KeptFilesAsync(app));
        var audit = (await AuditAsync(app))[0];
        Assert.Equal(("members.import", hash, "imported=495 already=0 refused=5 campaign=no"), (audit.Action, audit.Target, audit.Detail));
        var done = await ShowAsync(app, session, location[location.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Contains("Imported: 495 new member(s). 0 row(s) were members already and stay unchanged; 5 row(s) were refused. No mail was sent.", done.Body, StringComparison.Ordinal);

        // The same file again: its preview finds every member, and its import changes nothing.
        Assert.Equal(404, (await RunAsync(app, session, hash)).Status);
        var again = await PreviewAsync(app, session, FiveBadRows);
        Assert.Contains("Import 0 members", again.Body, StringComparison.Ordinal);
        var before = await MemberTablesAsync(app);
        Assert.Equal("/api/console/members/import?imported=0&already=495&refused=5", (await RunAsync(app, session, HashOf(again))).Headers.Location.ToString());
        Assert.Equal(before, await MemberTablesAsync(app));
    }

    [Fact]
    public async Task ACampaignFromTheConsoleQueuesOneConfirmationPerNewMember()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);
        var hash = HashOf(await PreviewAsync(app, session, Encoding.UTF8.GetBytes(MembersFile(12))));

        var imported = await RunAsync(app, session, hash, campaign: true);

        Assert.Equal("/api/console/members/import?imported=12&already=0&refused=0&campaign=yes", imported.Headers.Location.ToString());
        Assert.Equal(12, await app.QueuedMailCountAsync(Ct));
        Assert.Contains(await AuditAsync(app), e => e.Detail == "imported=12 already=0 refused=0 campaign=yes");
    }

    [Fact]
    public async Task AFileThatCannotBeReadComesBackOnTheFormWithTheReasonAndIsNotKept()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);

        var empty = await PreviewAsync(app, session, []);
        var noHeader = await PreviewAsync(app, session, Encoding.UTF8.GetBytes(MembersFile(3)[(Header.Length + 2)..]));
        var tooLarge = await PreviewAsync(app, session, new byte[ImportFile.MaxBytes + 1]);
        var huge = await PreviewAsync(app, session, new byte[ImportFile.MaxBytes + (128 * 1024)]);

        Assert.Equal((400, 400, 413, 413), (empty.Status, noHeader.Status, tooLarge.Status, huge.Status));
        Assert.Contains("The file is empty", empty.Body, StringComparison.Ordinal);
        Assert.Contains("The first row must be the header", noHeader.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.org", noHeader.Body, StringComparison.Ordinal);
        Assert.Contains("larger than 2 MB", tooLarge.Body, StringComparison.Ordinal);
        Assert.Contains("Check the file", huge.Body, StringComparison.Ordinal);
        Assert.Empty(await KeptFilesAsync(app));
        Assert.Empty(await AuditAsync(app));
    }

    [Fact]
    public async Task AnImportOfAHashThatIsNoneIsRefusedAsAFieldError()
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);

        var refused = await RunAsync(app, session, "../../uploads/x");

        Assert.Equal(400, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Empty(await AuditAsync(app));
    }

    [Theory]
    [InlineData("en", "Check the file")]
    [InlineData("fr", "Vérifier le fichier")]
    [InlineData("es", "Revisar el archivo")]
    public async Task TheImportPagesSpeakTheOperatorsLanguage(string language, string button)
    {
        await using var app = TestApp.Create(storage, ConsoleClient.Settings);
        var session = await SignInAsync(app);

        var page = await ShowAsync(app, session, language: language);

        Assert.Equal(200, page.Status);
        Assert.Contains(button, page.Body, StringComparison.Ordinal);
        Assert.Contains("consentSource", page.Body, StringComparison.Ordinal);
    }

    private static async Task<List<AuditEntry>> AuditAsync(TestApp app)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in app.Get<OperatorAudit>().ListAllAsync(Ct))
        {
            entries.Add(entry);
        }

        Assert.All(entries, e => Assert.DoesNotContain("@", e.Target + e.Detail, StringComparison.Ordinal));
        return entries;
    }

    private static async Task<List<string>> KeptFilesAsync(TestApp app)
    {
        var container = new BlobServiceClient(app.ConnectionString).GetBlobContainerClient(app.Get<StorageNames>().ImportsContainer);
        var names = new List<string>();
        if (await container.ExistsAsync(Ct))
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: Ct))
            {
                names.Add(blob.Name);
            }
        }

        return names;
    }

    private static async Task<string> MemberTablesAsync(TestApp app)
    {
        var text = new StringBuilder();
        foreach (var table in new[] { "Members", "MemberEmails", "ConsentLedger" })
        {
            await foreach (var row in app.Table(table).QueryAsync<TableEntity>(cancellationToken: Ct))
            {
                text.AppendLine(System.Text.Json.JsonSerializer.Serialize(row));
            }
        }

        return text.ToString();
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
