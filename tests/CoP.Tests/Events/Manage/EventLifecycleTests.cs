using CoP.Shared.Documents;
using static CoP.Tests.Events.Manage.EventTestFlows;

namespace CoP.Tests.Events.Manage;

/// <summary>An event from draft to its record, through the manage functions, against the real storage.</summary>
public sealed class EventLifecycleTests(StorageFixture storage)
{
    [Fact]
    public async Task ADraftIsPublishedWithItsVersionAndAStaleOrMissingVersionIsRefused()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var created = await CreateAsync(app, Definition());
        var eventId = created.Json().GetProperty("eventId").GetString()!;
        var draftVersion = created.Headers.ETag.ToString();

        Assert.Equal(201, created.Status);
        Assert.Equal($"/api/events/{eventId}", created.Headers.Location.ToString());
        Assert.NotEmpty(draftVersion);
        Assert.Equal("draft", created.Json().GetProperty("status").GetString());
        Assert.Equal("2026-11-12T13:00:00+00:00", created.Json().GetProperty("startsAt").GetString());
        Assert.Equal(428, (await UpdateAsync(app, eventId, Definition(d => d["status"] = "published"), null)).Status);

        var published = await UpdateAsync(app, eventId, Definition(d => d["status"] = "published"), draftVersion);

        Assert.Equal(200, published.Status);
        Assert.Equal("published", published.Json().GetProperty("status").GetString());
        Assert.NotEqual(draftVersion, published.Headers.ETag.ToString());
        Assert.Equal(0, published.Json().GetProperty("sequence").GetInt32());
        Assert.Equal(412, (await UpdateAsync(app, eventId, Definition(d => d["status"] = "published"), draftVersion)).Status);
        Assert.Equal(404, (await UpdateAsync(app, "0123456789abcdef0123456789abcdef", Definition(), draftVersion)).Status);
        Assert.Equal(404, (await UpdateAsync(app, "../../etc", Definition(), draftVersion)).Status);
        Assert.Equal(400, (await UpdateAsync(app, eventId, Definition(d => d["status"] = "draft"), published.Headers.ETag.ToString())).Status);
    }

    [Fact]
    public async Task TheSequenceRisesOnlyWhenTheTimeOrThePlaceMoves()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (eventId, version) = await EventAsync(app, Definition(d => d["status"] = "published"));
        var changes = new (string Label, Action<Dictionary<string, object?>> Change, int Sequence)[]
        {
            ("new title", d => At(At(d, "texts"), "en")["title"] = "Biochar field day, second edition", 0),
            ("more seats", d => d["capacity"] = 60, 0),
            ("new agenda title", d => ((Dictionary<string, object?>)((List<object?>)d["agenda"]!)[0]!)["title"] = "Three kilns compared", 0),
            ("later end", d => d["endsAt"] = "2026-11-12T18:00:00+01:00", 1),
            ("other room", d => At(d, "venue")["address"] = "2 rue des Champs\n75001 Paris", 2),
            ("other link", d => d["onlineUrl"] = "https://meet.example.org/biochar-2", 3),
            ("online only", d => (d["format"], d["venue"]) = ("online", null), 4),
            ("other zone, same instant", d => (d["format"], d["venue"], d["timeZone"]) = ("online", null, "Europe/Brussels"), 5),
        };
        // Each change adds to the ones before; a null venue is the same as none.
        var definition = Definition(d => d["status"] = "published");
        foreach (var (label, change, sequence) in changes)
        {
            change(definition);

            var answer = await UpdateAsync(app, eventId, definition, version);

            Assert.True(answer.Status == 200, $"{label}: {answer.Status} {answer.Body}");
            Assert.True(sequence == answer.Json().GetProperty("sequence").GetInt32(), label);
            version = answer.Headers.ETag.ToString();
        }
    }

    [Fact]
    public async Task CancellingTwiceAnswersTheSameCancelledEventAndNothingChangesItAfterwards()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (draftId, _) = await EventAsync(app, Definition());
        var (eventId, _) = await EventAsync(app, Definition(d => d["status"] = "published"));

        var cancelled = await CancelAsync(app, eventId);
        var again = await CancelAsync(app, eventId);

        Assert.Equal(200, cancelled.Status);
        Assert.Equal("cancelled", cancelled.Json().GetProperty("status").GetString());
        Assert.Equal(1, cancelled.Json().GetProperty("sequence").GetInt32());
        Assert.Equal(200, again.Status);
        Assert.Equal(cancelled.Body, again.Body);
        Assert.Equal(cancelled.Headers.ETag.ToString(), again.Headers.ETag.ToString());
        Assert.Equal(409, (await UpdateAsync(app, eventId, Definition(d => d["status"] = "published"), again.Headers.ETag.ToString())).Status);
        Assert.Equal(409, (await CancelAsync(app, draftId)).Status);
        Assert.Equal(404, (await CancelAsync(app, "0123456789abcdef0123456789abcdef")).Status);
    }

    [Fact]
    public async Task AttendanceIsRefusedBeforeTheStartAndRecordedAfterIt()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (eventId, version) = await EventAsync(app, Definition(d => d["status"] = "published"));
        var attendance = new { attended = 31, report = "Three kilns compared.\n\nNext: feedstock moisture." };

        var early = await AttendanceAsync(app, eventId, attendance);
        time.SetUtcNow(EventStart.AddMinutes(30));
        var recorded = await AttendanceAsync(app, eventId, attendance);
        var negative = await AttendanceAsync(app, eventId, new { attended = -1 });
        time.SetUtcNow(EventStart.AddHours(4));
        var completed = await UpdateAsync(app, eventId, Definition(d => d["status"] = "completed"), recorded.Headers.ETag.ToString());

        Assert.Equal(409, early.Status);
        Assert.Equal(200, recorded.Status);
        Assert.Equal(31, recorded.Json().GetProperty("attended").GetInt32());
        Assert.Equal(attendance.report, recorded.Json().GetProperty("report").GetString());
        Assert.NotEqual(version, recorded.Headers.ETag.ToString());
        Assert.Equal(400, negative.Status);
        Assert.Equal(200, completed.Status);
        Assert.Equal("completed", completed.Json().GetProperty("status").GetString());
        Assert.Equal(31, completed.Json().GetProperty("attended").GetInt32());
    }

    [Fact]
    public async Task MaterialsAreLinksOrPublishedDocumentsAndTheirCountIsBounded()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (eventId, _) = await EventAsync(app, Definition(d => d["status"] = "published"));
        var (draftId, _) = await EventAsync(app, Definition());
        var published = await DocumentAsync(app, DocumentStatus.Published);
        var pending = await DocumentAsync(app, DocumentStatus.PendingReview);

        var added = await MaterialsAsync(
            app, eventId,
            new { kind = "slides", title = "Kilns compared", documentId = published },
            new { kind = "recording", title = "The recording", link = "https://video.example.org/biochar" });
        var unpublished = await MaterialsAsync(app, eventId, new { kind = "minutes", title = "Minutes", documentId = pending });
        var plainHttp = await MaterialsAsync(app, eventId, new { kind = "other", title = "Notes", link = "http://example.org/notes" });
        var both = await MaterialsAsync(app, eventId, new { kind = "other", title = "Notes", documentId = published, link = "https://example.org/notes" });
        var tooMany = await MaterialsAsync(app, eventId, [.. Enumerable.Range(0, 19).Select(i => new { kind = "other", title = $"Note {i}", link = $"https://example.org/{i}" })]);
        var onADraft = await MaterialsAsync(app, draftId, new { kind = "other", title = "Notes", link = "https://example.org/notes" });

        Assert.Equal(200, added.Status);
        var materials = added.Json().GetProperty("materials");
        Assert.Equal(2, materials.GetArrayLength());
        Assert.Equal("slides", materials[0].GetProperty("kind").GetString());
        Assert.Equal(published, materials[0].GetProperty("documentId").GetString());
        Assert.Equal("https://video.example.org/biochar", materials[1].GetProperty("link").GetString());
        Assert.Equal(400, unpublished.Status);
        Assert.Equal(400, plainHttp.Status);
        Assert.Equal(400, both.Status);
        Assert.Equal(400, tooMany.Status);
        Assert.Equal(409, onADraft.Status);
    }

    [Fact]
    public async Task CapacityCannotGoBelowTheSeatsTaken()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (eventId, version) = await EventAsync(app, Definition(d => (d["status"], d["capacity"]) = ("published", 5)));
        var registrations = app.Table("EventRegistrations");
        await registrations.CreateIfNotExistsAsync(Ct);
        // Three members hold a seat, one waits: the rows a registration writes (seat and registration).
        foreach (var (seat, member) in new[] { (0, "a"), (1, "b"), (2, "c") })
        {
            var memberId = new string(member[0], 32);
            await registrations.AddEntityAsync(new Azure.Data.Tables.TableEntity(eventId, $"seat-{seat:D6}") { ["MemberId"] = memberId }, Ct);
            await registrations.AddEntityAsync(new Azure.Data.Tables.TableEntity(eventId, $"reg-{memberId}") { ["MemberId"] = memberId, ["Status"] = "registered" }, Ct);
        }

        await registrations.AddEntityAsync(new Azure.Data.Tables.TableEntity(eventId, "reg-0123456789abcdef0123456789abcdef") { ["Status"] = "waitlisted" }, Ct);

        var tooFew = await UpdateAsync(app, eventId, Definition(d => (d["status"], d["capacity"]) = ("published", 2)), version);
        var enough = await UpdateAsync(app, eventId, Definition(d => (d["status"], d["capacity"]) = ("published", 3)), version);

        Assert.Equal(400, tooFew.Status);
        Assert.Contains("3 seats", tooFew.Body, StringComparison.Ordinal);
        Assert.Equal(200, enough.Status);
        Assert.Equal(3, enough.Json().GetProperty("capacity").GetInt32());
    }

    /// <summary>A catalog document row in the given state, written straight to the store; its id.</summary>
    private static async Task<string> DocumentAsync(TestApp app, DocumentStatus status)
    {
        var id = DocumentStore.NewDocumentId();
        await app.Get<DocumentStore>().AddAsync(new DocumentEntity { PartitionKey = id, Status = status.ToString(), Title = "Kilns compared" }, Ct);
        return id;
    }
}
