using System.Text;
using CoP.Shared.Members.Import;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members.Import;

/// <summary>Import files for the tests: members of an earlier platform as its export would list them, and the service calls on them.</summary>
internal static class ImportFiles
{
    public const string Header = "email,name,organisation,country,language,topics,consentedAt,consentSource";

    /// <summary>The data lines of <see cref="WithFiveBadRows"/> that are refused, as a spreadsheet numbers them (the header is line 1).</summary>
    public static readonly int[] BadLines = [12, 122, 252, 379, 501];

    public static string Address(int i) => $"member{i:D4}@example.org";

    /// <summary>A good row: a member of the earlier platform with everything filled in.</summary>
    public static string Row(int i) =>
        $"{Address(i)},Member {i},Soil Institute {i % 7},KE,{(i % 2 == 0 ? "fr" : "es")},biochar;policy-alignment,2022-05-{1 + (i % 28):D2},Newsletter form of the earlier platform";

    public static string Csv(IEnumerable<string> rows, string header = Header) => header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    public static string MembersFile(int count, int from = 0) => Csv(Enumerable.Range(from, count).Select(Row));

    /// <summary>
    /// 500 rows, of which 5 are refused (<see cref="BadLines"/>): an address without a domain, a country that is no
    /// ISO code, a consent date in the future, a topic the catalog does not offer, and the address of the first row again.
    /// </summary>
    public static string WithFiveBadRows()
    {
        var rows = Enumerable.Range(0, 500).Select(Row).ToArray();
        rows[10] = rows[10].Replace(Address(10), "member0010@", StringComparison.Ordinal);
        rows[120] = rows[120].Replace(",KE,", ",ZZ,", StringComparison.Ordinal);
        rows[250] = rows[250].Replace(",2022-05-", ",2999-05-", StringComparison.Ordinal);
        rows[377] = rows[377].Replace("biochar;", "biochar;no-such-topic;", StringComparison.Ordinal);
        rows[499] = rows[499].Replace(Address(499), Address(0).ToUpperInvariant(), StringComparison.Ordinal);
        return Csv(rows);
    }

    public static MemoryStream Stream(string text, bool byteOrderMark = false) =>
        new([.. (byteOrderMark ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);

    public static async Task<ImportPreview> PreviewAsync(TestApp app, string csv)
    {
        var result = await app.Get<MemberImportService>().PreviewAsync(Stream(csv), Ct);
        return Assert.IsType<ImportPreviewResult.Previewed>(result).Preview;
    }

    public static async Task<ImportCounts> ImportAsync(TestApp app, string csv, bool confirmationCampaign = false)
    {
        var result = await app.Get<MemberImportService>().ImportAsync(Stream(csv), confirmationCampaign, Ct);
        return Assert.IsType<ImportResult.Imported>(result).Counts;
    }

    /// <summary>Why the file is refused as a whole by the preview, after checking the import refuses it the same.</summary>
    public static async Task<string> RefusalAsync(TestApp app, byte[] file)
    {
        var service = app.Get<MemberImportService>();
        var preview = Assert.IsType<ImportPreviewResult.FileRefused>(await service.PreviewAsync(new MemoryStream(file), Ct));
        var import = Assert.IsType<ImportResult.FileRefused>(await service.ImportAsync(new MemoryStream(file), confirmationCampaign: false, Ct));
        Assert.Equal(preview.Message, import.Message);
        return preview.Message;
    }
}
