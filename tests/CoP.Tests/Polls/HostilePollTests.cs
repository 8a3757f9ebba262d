using System.Text;
using System.Text.Json;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// Malformed and malicious poll definitions and ballots: each gets the expected 4xx problem, never a 5xx,
/// and nothing is stored.
/// </summary>
public sealed class HostilePollTests(StorageFixture storage)
{
    private const string Json = "application/json";
    private const string Form = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data; boundary=xyz";

    public static TheoryData<string, string, string?, int> Definitions()
    {
        static string With(Action<Dictionary<string, object?>> change) => JsonSerializer.Serialize(Definition(change: change), JsonSerializerOptions.Web);
        static Action<Dictionary<string, object?>> Option(int index, string field, object? value) =>
            d => ((List<Dictionary<string, object?>>)d["options"]!)[index][field] = value;
        static List<Dictionary<string, object?>> Options(int count) =>
            Enumerable.Range(0, count).Select(i => new Dictionary<string, object?> { ["id"] = $"o{i}", ["label"] = $"Option {i}" }).ToList();

        var deep = new StringBuilder("{\"question\":\"Q\",\"x\":").Append('[', 40).Append(']', 40).Append('}').ToString();
        return new TheoryData<string, string, string?, int>
        {
            { "broken json", "{", Json, 400 },
            { "array root", "[]", Json, 400 },
            { "null root", "null", Json, 400 },
            { "empty body", "", Json, 400 },
            { "deep nesting", deep, Json, 400 },
            { "plain text", "question=Q", "text/plain", 415 },
            { "form post", "question=Q", Form, 415 },
            { "no content type", With(_ => { }), null, 415 },
            { "utf-16 charset", With(_ => { }), "application/json; charset=utf-16", 415 },
            { "oversized", With(d => d["description"] = new string('x', 20_000)), Json, 413 },
            { "question missing", With(d => d["question"] = null), Json, 400 },
            { "question number", With(d => d["question"] = 42), Json, 400 },
            { "question blank", With(d => d["question"] = "   "), Json, 400 },
            { "question too long", With(d => d["question"] = new string('q', 201)), Json, 400 },
            { "question bell", With(d => d["question"] = "Ring\u0007"), Json, 400 },
            { "question rtl override", With(d => d["question"] = "\u202Eevil"), Json, 400 },
            { "description too long", With(d => d["description"] = new string('d', 2001)), Json, 400 },
            { "options missing", With(d => d["options"] = null), Json, 400 },
            { "one option", With(d => d["options"] = Options(1)), Json, 400 },
            { "21 options", With(d => d["options"] = Options(21)), Json, 400 },
            { "options string", With(d => d["options"] = "a,b"), Json, 400 },
            { "option null", With(d => d["options"] = new object?[] { null, new { id = "b", label = "B" } }), Json, 400 },
            { "option id duplicate", With(Option(1, "id", "a")), Json, 400 },
            { "option id uppercase", With(Option(0, "id", "A")), Json, 400 },
            { "option id comma", With(Option(0, "id", "a,b")), Json, 400 },
            { "option id path", With(Option(0, "id", "../a")), Json, 400 },
            { "option id too long", With(Option(0, "id", new string('a', 33))), Json, 400 },
            { "option id number", With(Option(0, "id", 7)), Json, 400 },
            { "option label empty", With(Option(0, "label", "")), Json, 400 },
            { "option label object", With(Option(0, "label", new { text = "A" })), Json, 400 },
            { "option label newline", With(Option(0, "label", "A\nB")), Json, 400 },
            { "option label rtl override", With(Option(0, "label", "Yes\u202E")), Json, 400 },
            { "option label isolate", With(Option(0, "label", "\u2067Yes\u2069")), Json, 400 },
            { "option label tag character", With(Option(0, "label", "Yes\U000E0041")), Json, 400 },
            { "description bell", With(d => d["description"] = "Ring\u0007"), Json, 400 },
            { "option topic unknown", With(Option(0, "topic", "crypto")), Json, 400 },
            { "option topic path", With(Option(0, "topic", "../topics")), Json, 400 },
            { "kind unknown", With(d => d["kind"] = "approval"), Json, 400 },
            { "kind missing", With(d => d["kind"] = null), Json, 400 },
            { "kind number", With(d => d["kind"] = 1), Json, 400 },
            { "kind upper case", With(d => d["kind"] = "Single"), Json, 400 },
            { "visibility unknown", With(d => d["resultsVisibility"] = "public"), Json, 400 },
            { "min ballots zero", With(d => d["minBallots"] = 0), Json, 400 },
            { "min ballots negative", With(d => d["minBallots"] = -5), Json, 400 },
            { "min ballots string", With(d => d["minBallots"] = "five"), Json, 400 },
            { "min ballots overflow", With(d => d["minBallots"] = 1e12), Json, 400 },
            { "min ballots fraction", With(d => d["minBallots"] = 2.5), Json, 400 },
            { "closes missing", With(d => d["closesAt"] = null), Json, 400 },
            { "closes in the past", With(d => d["closesAt"] = Start.AddDays(-1)), Json, 400 },
            { "closes before opening", With(d => d["opensAt"] = Start.AddDays(8)), Json, 400 },
            { "closes garbage", With(d => d["closesAt"] = "tomorrow"), Json, 400 },
            { "closes in ten years", With(d => d["closesAt"] = Start.AddYears(10)), Json, 400 },
            { "opened long ago", With(d => d["opensAt"] = new DateTimeOffset(1500, 1, 1, 0, 0, 0, TimeSpan.Zero)), Json, 400 },
            { "opens in two years", With(d => (d["opensAt"], d["closesAt"]) = (Start.AddYears(2), Start.AddYears(2).AddDays(1))), Json, 400 },
            { "single with max two", With(d => d["maxChoices"] = 2), Json, 400 },
            { "multiple min above max", With(d => (d["kind"], d["minChoices"], d["maxChoices"]) = ("multiple", 3, 2)), Json, 400 },
            { "multiple max above options", With(d => (d["kind"], d["maxChoices"]) = ("multiple", 5)), Json, 400 },
            { "multiple min zero", With(d => (d["kind"], d["minChoices"]) = ("multiple", 0)), Json, 400 },
            { "ranked min two", With(d => (d["kind"], d["minChoices"]) = ("ranked", 2)), Json, 400 },
            { "ranked max zero", With(d => (d["kind"], d["maxChoices"]) = ("ranked", 0)), Json, 400 },
        };
    }

    public static TheoryData<string, string, string?, int> Ballots()
    {
        var deep = new StringBuilder("{\"choices\":").Append('[', 40).Append(']', 40).Append('}').ToString();
        const string FileUpload = "--xyz\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{TOKEN}\r\n--xyz\r\nContent-Disposition: form-data; name=\"choices\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\na\r\n--xyz--\r\n";
        return new TheoryData<string, string, string?, int>
        {
            { "broken json", "{", Json, 400 },
            { "array root", "[\"a\"]", Json, 400 },
            { "null root", "null", Json, 400 },
            { "empty body", "", Json, 400 },
            { "deep nesting", deep, Json, 400 },
            { "no choices", "{}", Json, 400 },
            { "choices null", "{\"choices\":null}", Json, 400 },
            { "choices string", "{\"choices\":\"a\"}", Json, 400 },
            { "choices object", "{\"choices\":{\"0\":\"a\"}}", Json, 400 },
            { "choices numbers", "{\"choices\":[1]}", Json, 400 },
            { "choices null item", "{\"choices\":[null]}", Json, 400 },
            { "choices empty", "{\"choices\":[]}", Json, 400 },
            { "two choices in a single poll", "{\"choices\":[\"a\",\"b\"]}", Json, 400 },
            { "same choice twice", "{\"choices\":[\"a\",\"a\"]}", Json, 400 },
            { "unknown option", "{\"choices\":[\"z\"]}", Json, 400 },
            { "upper-case option", "{\"choices\":[\"A\"]}", Json, 400 },
            { "path option", "{\"choices\":[\"../a\"]}", Json, 400 },
            { "comma option", "{\"choices\":[\"a,b\"]}", Json, 400 },
            { "rtl option", "{\"choices\":[\"\\u202Ea\"]}", Json, 400 },
            { "many choices", JsonSerializer.Serialize(new { choices = Enumerable.Repeat("a", 500) }), Json, 400 },
            { "plain text", "choices=a", "text/plain", 415 },
            { "xml", "<ballot><choice>a</choice></ballot>", "application/xml", 415 },
            { "no content type", "{\"choices\":[\"a\"]}", null, 415 },
            { "utf-16 charset", "{\"choices\":[\"a\"]}", "application/json; charset=utf-16", 415 },
            { "oversized", "{\"choices\":[\"" + new string('a', 5000) + "\"]}", Json, 413 },
            { "form without choices", "token={TOKEN}", Form, 400 },
            { "form with token twice", "token={TOKEN}&token=other&choices=a", Form, 400 },
            { "form with unknown choice", "token={TOKEN}&choices=%00", Form, 400 },
            { "form with 100 fields", "token={TOKEN}&" + string.Join('&', Enumerable.Repeat("choices=a", 100)), Form, 400 },
            { "multipart file", FileUpload, Multipart, 400 },
            { "malformed multipart", "--xyz\r\nno headers here", Multipart, 400 },
        };
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task MalformedPollDefinitionsAreRefusedAndStoreNothing(string label, string body, string? contentType, int expectedStatus)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var response = await CreateRawAsync(app, body, contentType);

        Assert.True(response.Status == expectedStatus, $"{label}: {response.Status} {response.Body}");
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "Polls"));
    }

    [Theory]
    [MemberData(nameof(Ballots))]
    public async Task MalformedBallotsAreRefusedAndStoreNothing(string label, string body, string? contentType, int expectedStatus)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "single"));
        var (_, token) = await MemberAsync(app);
        var isJson = contentType is not (Form or Multipart);

        var response = await VoteRawAsync(app, pollId, isJson ? token : null, body.Replace("{TOKEN}", Uri.EscapeDataString(token), StringComparison.Ordinal), contentType);

        Assert.True(response.Status == expectedStatus, $"{label}: {response.Status} {response.Body}");
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "Ballots"));
    }

    /// <summary>
    /// Poll text follows the one text policy: joiners stay (emoji sequences and scripts need them), invisible spaces
    /// go, and a tab in a one-line field is whitespace like any other (a line break is refused: see the hostile cases).
    /// </summary>
    [Fact]
    public async Task PollTextKeepsJoinersDropsInvisibleSpacesAndFoldsTabsInALabel()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var definition = Definition(change: d =>
        {
            d["question"] = "Which\u200B family 👩\u200D👩\u200D👧 plan?";
            ((List<Dictionary<string, object?>>)d["options"]!)[0]["label"] = "A\tB";
            ((List<Dictionary<string, object?>>)d["options"]!)[1]["label"] = "می\u200Cخواهم";
        });

        var response = await CreateAsync(app, definition);

        Assert.True(response.Status == 201, response.Body);
        var json = response.Json();
        Assert.Equal("Which family 👩\u200D👩\u200D👧 plan?", json.GetProperty("question").GetString());
        Assert.Equal(["A B", "می\u200Cخواهم", "Option C"], json.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("label").GetString()));
    }
}
