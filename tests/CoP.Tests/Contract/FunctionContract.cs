namespace CoP.Tests.Contract;

/// <summary>
/// The function contract as data: function names, triggers, methods, routes and
/// authorization levels. Member-facing routes are anonymous at the host (the member token is checked by
/// the function); operator routes need a function key. The HTTP functions' requests and answers are in
/// functions/openapi.json, which <see cref="OpenApiDocumentTests"/> holds to the same functions.metadata.
/// </summary>
internal static class FunctionContract
{
    public static readonly IReadOnlyDictionary<string, ExpectedFunction> All = new ExpectedFunction[]
    {
        Http("GetHealth", "get", "health", "Anonymous"),
        Http("GetOpenApiDocument", "get", "openapi.json", "Anonymous"),
        Http("ListTopics", "get", "topics", "Anonymous"),
        Http("UpsertTopic", "put", "manage/topics/{slug}", "Function"),
        Http("RetireTopic", "delete", "manage/topics/{slug}", "Function"),
        Http("ShowRegistrationForm", "get", "join", "Anonymous"),
        // The operator console: anonymous at the host, every function checks the console session itself.
        Http("ShowConsoleSignIn", "get", "console/sign-in", "Anonymous"),
        Http("RequestConsoleSignIn", "post", "console/sign-in", "Anonymous"),
        Http("ShowConsoleSession", "get", "console/session", "Anonymous"),
        Http("OpenConsoleSession", "post", "console/session", "Anonymous"),
        Http("SignOutOfConsole", "post", "console/sign-out", "Anonymous"),
        Http("ShowConsoleOverview", "get", "console", "Anonymous"),
        Http("ShowConsoleAudit", "get", "console/audit", "Anonymous"),
        Http("ShowConsoleTopics", "get", "console/topics", "Anonymous"),
        Http("SaveConsoleTopic", "post", "console/topics", "Anonymous"),
        Http("RetireConsoleTopic", "post", "console/topics/{slug}/retire", "Anonymous"),
        Http("ShowConsoleImport", "get", "console/members/import", "Anonymous"),
        Http("PreviewConsoleImport", "post", "console/members/import/preview", "Anonymous"),
        Http("RunConsoleImport", "post", "console/members/import", "Anonymous"),
        Http("RegisterMember", "post", "registrations", "Anonymous"),
        Http("ShowConfirmation", "get", "registrations/confirm", "Anonymous"),
        Http("ConfirmRegistration", "post", "registrations/confirm", "Anonymous"),
        Http("RequestAccessLink", "post", "members/access-link", "Anonymous"),
        Http("GetMyProfile", "get", "members/me", "Anonymous"),
        Http("UpdateMyProfile", "patch", "members/me", "Anonymous"),
        Http("ExportMyData", "get", "members/me/export", "Anonymous"),
        Http("EraseMyData", "delete", "members/me", "Anonymous"),
        Http("RevokeMyLinks", "post", "members/me/revoke-links", "Anonymous"),
        Http("ShowUnsubscribe", "get", "unsubscribe", "Anonymous"),
        Http("Unsubscribe", "post", "unsubscribe", "Anonymous"),
        // The member pages' forms (HTML forms cannot PATCH or DELETE) and the privacy notice.
        Http("SaveMyProfile", "post", "members/me", "Anonymous"),
        Http("ShowErasure", "get", "members/me/erase", "Anonymous"),
        Http("EraseMyAccount", "post", "members/me/erase", "Anonymous"),
        Http("MailMyAccountLink", "post", "members/me/account-link", "Anonymous"),
        Http("ShowPrivacy", "get", "privacy", "Anonymous"),
        Http("ListMembers", "get", "manage/members", "Function"),
        Http("ExportMembers", "get", "manage/members/export", "Function"),
        Http("EraseMember", "delete", "manage/members/{memberId}", "Function"),
        Http("LiftSuppression", "delete", "manage/members/{memberId}/suppression", "Function"),
        Http("ShowConsoleMembers", "get", "console/members", "Anonymous"),
        Http("SearchConsoleMembers", "post", "console/members/search", "Anonymous"),
        Http("ExportConsoleMembers", "get", "console/members/export", "Anonymous"),
        Http("ShowConsoleMember", "get", "console/members/{memberId}", "Anonymous"),
        Http("EraseConsoleMember", "post", "console/members/{memberId}/erase", "Anonymous"),
        Http("LiftConsoleSuppression", "post", "console/members/{memberId}/lift-suppression", "Anonymous"),
        Http("CreatePoll", "post", "manage/polls", "Function"),
        Http("ClosePoll", "post", "manage/polls/{pollId}/close", "Function"),
        Http("CreateEvent", "post", "manage/events", "Function"),
        Http("UpdateEvent", "put", "manage/events/{eventId}", "Function"),
        Http("CancelEvent", "post", "manage/events/{eventId}/cancel", "Function"),
        // Projects: members submit and change their own with their personal link (checked by the function).
        Http("SubmitProject", "post", "projects", "Anonymous"),
        Http("UpdateProject", "patch", "projects/{projectId}", "Anonymous"),
        Http("RecordEventAttendance", "post", "manage/events/{eventId}/attendance", "Function"),
        Http("AddEventMaterials", "post", "manage/events/{eventId}/materials", "Function"),
        // Projects: the operators' review (a key), the owner's progress notes (the member's token is checked by the function).
        Http("ReviewProject", "post", "manage/projects/{projectId}/review", "Function"),
        Http("AddProjectUpdate", "post", "projects/{projectId}/updates", "Anonymous"),
        Http("ListPolls", "get", "polls", "Anonymous"),
        Http("GetPoll", "get", "polls/{pollId}", "Anonymous"),
        // Events for members and visitors: JSON, or the pages for browsers.
        Http("ListEvents", "get", "events", "Anonymous"),
        Http("GetEvent", "get", "events/{eventId}", "Anonymous"),
        // The projects map for members and visitors: JSON, or the pages for browsers; the files those pages load.
        Http("ListProjects", "get", "projects", "Anonymous"),
        Http("GetProject", "get", "projects/{projectId}", "Anonymous"),
        Http("GetPageAsset", "get", "assets/{fileName}", "Anonymous"),
        // The event page's forms (a member's session; HTML forms cannot DELETE).
        Http("RegisterForEventFromPage", "post", "events/{eventId}/register", "Anonymous"),
        Http("CancelEventRegistrationFromPage", "post", "events/{eventId}/cancel-registration", "Anonymous"),
        // The member's project forms (a member's session; HTML forms cannot PATCH).
        Http("ShowProjectForm", "get", "projects/new", "Anonymous"),
        Http("SubmitProjectFromPage", "post", "projects/new", "Anonymous"),
        Http("ShowProjectEditForm", "get", "projects/{projectId}/edit", "Anonymous"),
        Http("UpdateProjectFromPage", "post", "projects/{projectId}/edit", "Anonymous"),
        Http("ConfirmProjectFromPage", "post", "projects/{projectId}/confirm", "Anonymous"),
        Http("AddProjectUpdateFromPage", "post", "projects/{projectId}/updates/new", "Anonymous"),
        Http("CastBallot", "post", "polls/{pollId}/ballots", "Anonymous"),
        // Event registrations: the member's token is checked by the function; operators export with a key.
        Http("RegisterForEvent", "post", "events/{eventId}/registrations", "Anonymous"),
        Http("CancelEventRegistration", "delete", "events/{eventId}/registrations/me", "Anonymous"),
        Http("ExportEventRegistrations", "get", "manage/events/{eventId}/registrations", "Function"),
        Http("GetPollResults", "get", "polls/{pollId}/results", "Anonymous"),
        // Event calendars: one event, the public feed, and a member's personal feed (a calendar token).
        Http("GetEventCalendar", "get", "events/{eventId}/calendar.ics", "Anonymous"),
        Http("GetEventsCalendar", "get", "events/calendar.ics", "Anonymous"),
        Http("GetMyCalendar", "get", "members/me/calendar.ics", "Anonymous"),
        Http("GetProjectsGeoJson", "get", "projects/map.geojson", "Anonymous"),
        Http("ExportProjects", "get", "projects/export", "Anonymous"),
        // GetPollResults is anonymous at the host, so operators get their own keyed route.
        Http("ExportPollResults", "get", "manage/polls/{pollId}/results", "Function"),
        // The console's polls area (the same PollService calls as the manage routes).
        Http("ShowConsolePolls", "get", "console/polls", "Anonymous"),
        Http("ShowConsolePollForm", "get", "console/polls/new", "Anonymous"),
        Http("CreateConsolePoll", "post", "console/polls", "Anonymous"),
        Http("ShowConsolePoll", "get", "console/polls/{pollId}", "Anonymous"),
        Http("ExportConsolePollResults", "get", "console/polls/{pollId}/results.csv", "Anonymous"),
        Http("CloseConsolePoll", "post", "console/polls/{pollId}/close", "Anonymous"),
        // The console's events area (the same EventService and registration calls as the manage routes).
        Http("ShowConsoleEvents", "get", "console/events", "Anonymous"),
        Http("ShowConsoleEventForm", "get", "console/events/new", "Anonymous"),
        Http("CreateConsoleEvent", "post", "console/events", "Anonymous"),
        Http("ShowConsoleEvent", "get", "console/events/{eventId}", "Anonymous"),
        Http("UpdateConsoleEvent", "post", "console/events/{eventId}", "Anonymous"),
        Http("ShowConsoleEventEditForm", "get", "console/events/{eventId}/edit", "Anonymous"),
        Http("CancelConsoleEvent", "post", "console/events/{eventId}/cancel", "Anonymous"),
        Http("ExportConsoleEventRegistrations", "get", "console/events/{eventId}/registrations.csv", "Anonymous"),
        Http("RecordConsoleEventAttendance", "post", "console/events/{eventId}/attendance", "Anonymous"),
        Http("AddConsoleEventMaterial", "post", "console/events/{eventId}/materials", "Anonymous"),
        // The console's projects area (the same ProjectReviewService as the manage route).
        Http("ShowConsoleProjects", "get", "console/projects", "Anonymous"),
        Http("ShowConsoleProject", "get", "console/projects/{projectId}", "Anonymous"),
        Http("ReviewConsoleProject", "post", "console/projects/{projectId}/review", "Anonymous"),
        Http("AssignConsoleProjectContact", "post", "console/projects/{projectId}/contact", "Anonymous"),
        Http("RequestDocumentUpload", "post", "documents/uploads", "Anonymous"),
        Http("ShowUploadForm", "get", "documents/uploads", "Anonymous"),
        new("IngestDocument", "blobTrigger", [], null, null, BlobPath: "uploads/{documentId}/{fileName}", BlobSource: "EventGrid"),
        Http("ListDocuments", "get", "documents", "Anonymous"),
        Http("GetDocument", "get", "documents/{documentId}", "Anonymous"),
        Http("DownloadDocument", "get", "documents/{documentId}/content", "Anonymous"),
        Http("ReviewDocument", "post", "manage/documents/{documentId}/review", "Function"),
        Http("RemoveDocument", "delete", "manage/documents/{documentId}", "Function"),
        Http("ShowConsoleDocuments", "get", "console/documents", "Anonymous"),
        Http("ShowConsoleDocument", "get", "console/documents/{documentId}", "Anonymous"),
        Http("DownloadConsoleDocument", "get", "console/documents/{documentId}/content", "Anonymous"),
        Http("ReviewConsoleDocument", "post", "console/documents/{documentId}/review", "Anonymous"),
        Http("TakeDownConsoleDocument", "post", "console/documents/{documentId}/takedown", "Anonymous"),
        new("PurgeRejectedUploads", "timerTrigger", [], null, null, Schedule: "%HousekeepingSchedule%"),
        new("SendNewsletter", "timerTrigger", [], null, null, Schedule: "%NewsletterSchedule%"),
        new("SendEventReminders", "timerTrigger", [], null, null, Schedule: "%EventReminderSchedule%"),
        new("AskProjectConfirmations", "timerTrigger", [], null, null, Schedule: "%ProjectConfirmationSchedule%"),
        Http("PreviewNewsletter", "get", "manage/newsletter/preview", "Function"),
        Http("SendNewsletterNow", "post", "manage/newsletter/send", "Function"),
        Http("GetNewsletterIssueStatus", "get", "manage/newsletter/issues/{issueId}", "Function"),
        // SendNewsletterNow answers 202 and queues the send, which this trigger runs, so that no HTTP
        // request waits for a whole list (and a client that disconnects cannot cut batches in flight).
        new("RunNewsletterSend", "queueTrigger", [], null, null, QueueName: "newsletter-runs"),
        // The editorial note of the next issue (GET reads it, PUT sets or clears it).
        new("SetNewsletterNote", "httpTrigger", ["get", "put"], "manage/newsletter/note", "Function"),
        Http("ListNewsletterIssues", "get", "newsletter/issues", "Anonymous"),
        Http("GetNewsletterIssue", "get", "newsletter/issues/{issueId}", "Anonymous"),
        Http("ShowConsoleNewsletter", "get", "console/newsletter", "Anonymous"),
        Http("PreviewConsoleNewsletter", "get", "console/newsletter/preview", "Anonymous"),
        Http("SaveConsoleNewsletterNote", "post", "console/newsletter/note", "Anonymous"),
        Http("SendConsoleNewsletter", "post", "console/newsletter/send", "Anonymous"),
        Http("ShowConsoleNewsletterIssue", "get", "console/newsletter/issues/{issueId}", "Anonymous"),
        Http("ResendConsoleNewsletterIssue", "post", "console/newsletter/issues/{issueId}/send", "Anonymous"),
        Http("ReceiveEmailEvents", "post", "email-events", "Anonymous"),
        new("DeliverEmail", "queueTrigger", [], null, null, QueueName: "transactional-mail"),
        new("DeliverWebhook", "queueTrigger", [], null, null, QueueName: "webhook-deliveries"),
        new("PurgeExpiredRegistrations", "timerTrigger", [], null, null, Schedule: "%HousekeepingSchedule%"),
        // Ingests uploads whose Event Grid events were dead-lettered (infra/README.md).
        new("ReprocessDeadLetteredUploads", "timerTrigger", [], null, null, Schedule: "0 15 * * * *"),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The functions built so far: each must be present in functions.metadata.</summary>
    public static readonly IReadOnlyList<string> Implemented =
    [
        "GetHealth", "GetOpenApiDocument", "ListTopics", "UpsertTopic", "RetireTopic",
        "ShowRegistrationForm", "RegisterMember", "ShowConfirmation", "ConfirmRegistration", "RequestAccessLink",
        "GetMyProfile", "UpdateMyProfile", "ExportMyData", "EraseMyData", "RevokeMyLinks",
        "ShowUnsubscribe", "Unsubscribe", "SaveMyProfile", "ShowErasure", "EraseMyAccount", "MailMyAccountLink", "ShowPrivacy", "ListMembers", "ExportMembers", "EraseMember", "LiftSuppression",
        "ShowConsoleMembers", "SearchConsoleMembers", "ExportConsoleMembers", "ShowConsoleMember", "EraseConsoleMember", "LiftConsoleSuppression",
        "CreatePoll", "ClosePoll", "ListPolls", "GetPoll", "CastBallot", "GetPollResults", "ExportPollResults",
        "RegisterForEvent", "CancelEventRegistration", "ExportEventRegistrations",
        "CreateEvent", "UpdateEvent", "CancelEvent", "RecordEventAttendance", "AddEventMaterials",
        "ReviewProject", "AddProjectUpdate",
        "SubmitProject", "UpdateProject",
        "GetEventCalendar", "GetEventsCalendar", "GetMyCalendar",
        "GetProjectsGeoJson", "ExportProjects",
        "ShowConsolePolls", "ShowConsolePollForm", "CreateConsolePoll", "ShowConsolePoll", "ExportConsolePollResults", "CloseConsolePoll",
        "ShowConsoleEvents", "ShowConsoleEventForm", "CreateConsoleEvent", "ShowConsoleEvent", "UpdateConsoleEvent", "ShowConsoleEventEditForm",
        "CancelConsoleEvent", "ExportConsoleEventRegistrations", "RecordConsoleEventAttendance", "AddConsoleEventMaterial",
        "ShowConsoleProjects", "ShowConsoleProject", "ReviewConsoleProject", "AssignConsoleProjectContact",
        "RequestDocumentUpload", "ShowUploadForm", "IngestDocument", "ListDocuments", "GetDocument", "DownloadDocument", "ReviewDocument", "RemoveDocument", "PurgeRejectedUploads",
        "ShowConsoleDocuments", "ShowConsoleDocument", "DownloadConsoleDocument", "ReviewConsoleDocument", "TakeDownConsoleDocument",
        "SendNewsletter", "PreviewNewsletter", "SendNewsletterNow", "GetNewsletterIssueStatus", "RunNewsletterSend", "SetNewsletterNote",
        "ListNewsletterIssues", "GetNewsletterIssue",
        "ShowConsoleNewsletter", "PreviewConsoleNewsletter", "SaveConsoleNewsletterNote", "SendConsoleNewsletter", "ShowConsoleNewsletterIssue", "ResendConsoleNewsletterIssue",
        "ShowConsoleSignIn", "RequestConsoleSignIn", "ShowConsoleSession", "OpenConsoleSession", "SignOutOfConsole",
        "ShowConsoleOverview", "ShowConsoleAudit", "ShowConsoleTopics", "SaveConsoleTopic", "RetireConsoleTopic",
        "ShowConsoleImport", "PreviewConsoleImport", "RunConsoleImport",
        "ReceiveEmailEvents", "DeliverEmail", "PurgeExpiredRegistrations", "ReprocessDeadLetteredUploads",
        "ListEvents", "GetEvent", "RegisterForEventFromPage", "CancelEventRegistrationFromPage",
        "ListProjects", "GetProject", "GetPageAsset",
        "ShowProjectForm", "SubmitProjectFromPage", "ShowProjectEditForm", "UpdateProjectFromPage", "ConfirmProjectFromPage", "AddProjectUpdateFromPage",
        "SendEventReminders",
        "AskProjectConfirmations",
        "DeliverWebhook",
    ];

    private static ExpectedFunction Http(string name, string method, string route, string authLevel) =>
        new(name, "httpTrigger", [method], route, authLevel);
}

internal sealed record ExpectedFunction(
    string Name,
    string TriggerType,
    string[] Methods,
    string? Route,
    string? AuthLevel,
    string? BlobPath = null,
    string? BlobSource = null,
    string? Schedule = null,
    string? QueueName = null);
