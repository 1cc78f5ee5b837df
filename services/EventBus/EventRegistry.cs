namespace TweetPlatform.EventBus;

/// <summary>
/// Every kind of record the platform writes: which topic, which event type, which contract. Publishers,
/// consumers, the schema check and the SPA's generated types all read it, so none can disagree.
/// </summary>
public sealed class EventRegistry
{
    private readonly Dictionary<string, EventRegistration> _byTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, EventRegistration> _byContract = [];

    public EventRegistry(IEnumerable<EventRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byTopic.TryAdd(registration.Topic, registration))
            {
                throw new ArgumentException($"Topic '{registration.Topic}' is registered twice: one event type per topic.", nameof(registrations));
            }
            if (registration.Contract is { } contract && !_byContract.TryAdd(contract, registration))
            {
                throw new ArgumentException($"{contract.Name} is registered on two topics.", nameof(registrations));
            }
        }
    }

    public IReadOnlyCollection<EventRegistration> All => _byTopic.Values;

    /// <summary>The registration of an event contract.</summary>
    public EventRegistration<TEvent> For<TEvent>() =>
        _byContract.TryGetValue(typeof(TEvent), out var registration)
            ? (EventRegistration<TEvent>)registration
            : throw new InvalidOperationException($"{typeof(TEvent).Name} is not a registered event.");

    /// <summary>The registration of a topic's records.</summary>
    public EventRegistration ForTopic(string topic) =>
        _byTopic.TryGetValue(topic, out var registration)
            ? registration
            : throw new ArgumentException($"No event type is registered for topic '{topic}'.", nameof(topic));
}
