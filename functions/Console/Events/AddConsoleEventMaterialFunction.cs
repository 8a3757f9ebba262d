using System.Diagnostics;
using System.Text.RegularExpressions;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// POST /api/console/events/{eventId}/materials (fields <c>kind</c>, <c>title</c>, and <c>documentId</c> or <c>link</c>):
/// adds one material through the same <see cref="EventService.AddMaterialsAsync"/> as POST
/// /api/manage/events/{eventId}/materials; audited as <c>event.material</c> (with the kind), then 303 to the event's page.
/// A refused form comes back on the page with its errors beside the fields (400).
/// </summary>
public sealed partial class AddConsoleEventMaterialFunction(ConsoleGate gate, EventService service, EventStore events, EventRegistrationExport export)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Function(nameof(AddConsoleEventMaterial))]
    public async Task<IResult> AddConsoleEventMaterial(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/events/{eventId}/materials")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await AddAsync(session, eventId, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> AddAsync(ConsoleSession.Open session, string eventId, IFormCollection fields, CancellationToken cancellationToken)
    {
        string kind = EventPage.Bounded(fields["kind"].ToString().Trim()), title = EventPage.Bounded(fields["title"].ToString()),
            documentId = EventPage.Bounded(fields["documentId"].ToString().Trim()), link = EventPage.Bounded(fields["link"].ToString().Trim());
        var action = new EventActions.Action("event.material", "material", e => EventPage.Forms.Of(e) with
        {
            MaterialKind = kind, MaterialTitle = title, MaterialDocumentId = documentId, MaterialLink = link,
        });
        var material = new EventMaterialDefinition
        {
            Kind = kind,
            Title = title,
            DocumentId = documentId.Length == 0 ? null : documentId,
            Link = link.Length == 0 ? null : link,
        };
        var change = await service.AddMaterialsAsync(eventId, new EventMaterialsDefinition { Materials = [material] }, cancellationToken);
        if (change is EventChange.Invalid { Errors: var errors })
        {
            // The rules name the fields of the JSON body (materials[0].title); the form has one material.
            change = new EventChange.Invalid(errors.GroupBy(error => Field(error.Key), StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First().Value, StringComparer.Ordinal));
        }

        return await EventActions.AnswerAsync(gate, events, export, session, eventId, action, change, kind, cancellationToken);
    }

    private static string Field(string key) => OneMaterial().Replace(key, "") is { Length: > 0 } field ? field : "title";

    [GeneratedRegex(@"^materials(\[0\])?\.?", RegexOptions.CultureInvariant)]
    private static partial Regex OneMaterial();
}
