using System.Text;
using CoP.Shared.Members;
using CoP.Shared.Members.Import;
using static CoP.Tests.Members.Import.ImportFiles;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members.Import;

/// <summary>Files and rows an import must refuse, or store only as plain text, without writing anything it refuses.</summary>
public sealed class HostileImportTests(StorageFixture storage)
{
    public static TheoryData<string, string, string> HostileRows => new()
    {
        // column, value, the field of the error
        { "name", "Ana\u0007 Bell", "name" },
        { "name", "Ana \u202Eevil", "name" },
        { "name", new string('a', MemberRules.MaxNameLength + 1), "name" },
        { "name", "   ", "name" },
        { "organisation", new string('o', MemberRules.MaxOrganizationLength + 1), "organization" },
        { "country", "XX", "country" },
        { "country", "Kenya", "country" },
        { "language", "xx", "language" },
        { "topics", "biochar|nope", "topics" },
        { "topics", string.Join(' ', Enumerable.Repeat("biochar", MemberRules.MaxTopics + 1)), "topics" },
        { "consentedAt", "2999-01-01", "consentedAt" },
        { "consentedAt", "14/03/2021", "consentedAt" },
        { "consentedAt", "", "consentedAt" },
        { "consentSource", "", "consentSource" },
        { "consentSource", "ana@example.org told us", "consentSource" },
        { "consentSource", new string('s', ImportRules.MaxConsentSourceLength + 1), "consentSource" },
        { "email", "ana.bell@example", "email" },
        { "email", "ana\u200B@example.org", "email" },
    };

    [Theory]
    [MemberData(nameof(HostileRows))]
    public async Task AHostileValueRefusesItsRowOnlyWithAnErrorThatNamesItsField(string column, string value, string field)
    {
        await using var app = TestApp.Create(storage);
        var values = new Dictionary<string, string>
        {
            ["email"] = "ana.bell@example.org", ["name"] = "Ana Bell", ["organisation"] = "", ["country"] = "KE", ["language"] = "en",
            ["topics"] = "biochar", ["consentedAt"] = "2021-03-14T09:30:00+01:00", ["consentSource"] = "Earlier platform",
        };
        values[column] = value;
        var hostile = string.Join(',', Header.Split(',').Select(c => Quoted(values[c])));

        var counts = await ImportAsync(app, Csv([Row(1), hostile, Row(2)]));
        var preview = await PreviewAsync(app, Csv([Row(1), hostile, Row(2)]));

        Assert.Equal(new ImportCounts(2, 0, 1), counts);
        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, field), (error.Line, error.Field));
        Assert.DoesNotContain("@", error.Message, StringComparison.Ordinal);
        Assert.Null(await MemberByEmailAsync(app, "ana.bell@example.org"));
    }

    [Fact]
    public async Task MarkupAndFormulasAreKeptAsPlainTextAndExportedDefused()
    {
        await using var app = TestApp.Create(storage);
        var row = $"{Address(1)},\"=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",<script>alert(1)</script>,,,,2021-03-14,+cmd|' /C calc'!A0";

        Assert.Equal(new ImportCounts(1, 0, 0), await ImportAsync(app, Csv([row])));

        var member = (await MemberByEmailAsync(app, Address(1)))!;
        Assert.Equal(("=HYPERLINK(\"https://evil.example\",\"x\")", "<script>alert(1)</script>"), (member.Name, member.Organization));
        using var export = new MemoryStream();
        await app.Get<MemberCsvExporter>().WriteAsync(export, status: null, country: null, topic: null, Ct);
        var csv = Encoding.UTF8.GetString(export.ToArray());
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASemicolonFileWithAByteOrderMarkAndAnyHeaderCaseIsRead()
    {
        await using var app = TestApp.Create(storage);
        var file = "EMAIL;Name;Organization;COUNTRY;Language;Topics;ConsentedAt;ConsentSource\r\n"
            + $"{Address(1)};Ana Bell;Soil Lab;ke;FR;\"biochar;policy-alignment\";2021-03-14T09:30:00+01:00;Workshop list\r\n"
            + "\r\n"
            + $"{Address(2)};\"Bell, Ana\";;;;biochar | monitoring-slm  policy-alignment;2021-03-14 ;Workshop list\r\n";

        var result = await app.Get<MemberImportService>().ImportAsync(Stream(file, byteOrderMark: true), confirmationCampaign: false, Ct);

        Assert.Equal(new ImportCounts(2, 0, 0), Assert.IsType<ImportResult.Imported>(result).Counts);
        var first = (await MemberByEmailAsync(app, Address(1)))!;
        Assert.Equal(("KE", "fr", "biochar,policy-alignment"), (first.Country, first.Language, first.Topics));
        var second = (await MemberByEmailAsync(app, Address(2)))!;
        Assert.Equal(("Bell, Ana", null, "en", "biochar,monitoring-slm,policy-alignment"), (second.Name, second.Country, second.Language, second.Topics));
        var consent = await app.Get<ConsentLedger>().HistoryAsync(first.MemberId, Ct);
        Assert.Equal(new DateTimeOffset(2021, 3, 14, 8, 30, 0, TimeSpan.Zero), consent[0].At);
    }

    [Fact]
    public async Task RowsWithBrokenQuotingOrTooManyFieldsAreRefusedByTheirLineAndEmptyTrailingFieldsAreNot()
    {
        await using var app = TestApp.Create(storage);
        var file = Csv([Row(1), Row(2) + ",extra", $"{Address(3)},Ana \"the\" Bell,,,,,2021-03-14,Form", Row(4), $"{Address(5)},\"Multi\nline\",,,,,2021-03-14,Form", Row(6), Row(7) + ",,"]);

        var preview = await PreviewAsync(app, file);

        Assert.Equal([(3, "row"), (4, "row"), (6, "name")], preview.Errors.Select(e => (e.Line, e.Field)));
        Assert.Equal((7, 4), (preview.TotalRows, preview.ToImport));
    }

    public static TheoryData<string, byte[], string> HostileFiles => new()
    {
        { "empty", [], "empty" },
        { "only a byte order mark", Encoding.UTF8.GetPreamble(), "empty" },
        { "only blank lines", Encoding.UTF8.GetBytes("\r\n\r\n  \r\n"), "empty" },
        { "no header", Encoding.UTF8.GetBytes(MembersFile(3)[(Header.Length + 2)..]), "header" },
        { "a header without consent", Encoding.UTF8.GetBytes("email,name,country\r\nana@example.org,Ana,KE\r\n"), "consentedAt, consentSource" },
        { "an unknown column", Encoding.UTF8.GetBytes(Header + ",password\r\n"), "Column 9" },
        { "a column twice", Encoding.UTF8.GetBytes(Header + ",Email\r\n"), "email twice" },
        { "not UTF-8", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xD8, 0xC3, 0x28], "UTF-8" },
        { "Latin-1", Encoding.Latin1.GetBytes(Header + "\r\nana@example.org,Zoé,,,,,2021-03-14,Form\r\n"), "UTF-8" },
        { "binary that is valid UTF-8", Encoding.UTF8.GetBytes(Header + "\r\n\0\0\0\u0001\u0002"), "not a text file" },
        { "over 2 MB", Encoding.UTF8.GetBytes(Header + "\r\n" + new string('a', ImportFile.MaxBytes)), "larger than 2 MB" },
        { "over 5,000 rows", Encoding.UTF8.GetBytes(MembersFile(ImportFile.MaxRows + 1)), "more than 5000 rows" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task AFileThatCannotBeReadIsRefusedAsAWholeAndNothingIsWritten(string kind, byte[] file, string reason)
    {
        await using var app = TestApp.Create(storage);

        var message = await RefusalAsync(app, file);

        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", message, StringComparison.Ordinal);
        Assert.True(await RowCountAsync(app, "Members") == 0, kind);
        Assert.Equal(0, await RowCountAsync(app, "MemberEmails"));
    }

    [Fact]
    public async Task AFileOfExactlyTheBoundsIsRead()
    {
        await using var app = TestApp.Create(storage);

        var preview = await PreviewAsync(app, MembersFile(ImportFile.MaxRows));

        Assert.Equal((ImportFile.MaxRows, ImportFile.MaxRows, 0), (preview.TotalRows, preview.ToImport, preview.Errors.Count));
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
