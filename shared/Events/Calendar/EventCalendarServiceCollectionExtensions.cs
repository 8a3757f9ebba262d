using CoP.Shared.Email.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Events.Calendar;

public static class EventCalendarServiceCollectionExtensions
{
    /// <summary>Calendars, feeds, add-to-calendar links, invitations and the change notices with their mails.</summary>
    public static IServiceCollection AddEventCalendars(this IServiceCollection services)
    {
        services.TryAddSingleton<EventLinks>();
        services.TryAddSingleton<EventCalendars>();
        services.TryAddSingleton<AddToCalendarLinks>();
        services.TryAddSingleton<EventCalendarFeeds>();
        services.TryAddSingleton<EventNotices>();
        services.TryAddSingleton<EventNoticeMailer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventChangedMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EventCancelledMailPreparer>());
        return services;
    }
}
