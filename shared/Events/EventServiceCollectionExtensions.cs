using CoP.Shared.Events.Calendar;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Events.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Events;

public static class EventServiceCollectionExtensions
{
    /// <summary>Events, their registrations and calendars. Needs storage, the topic catalog, membership and the mail queue.</summary>
    public static IServiceCollection AddCommunityEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventStore>();
        services.TryAddSingleton<EventService>();
        services.AddEventRegistrations();
        services.AddEventCalendars();
        services.AddEventReminders(configuration);
        return services;
    }
}
