namespace PmoBot.Storage;

/// <summary>A table some store owns; every registered table is created once at start-up.</summary>
public sealed record TableRegistration(string TableName);

/// <summary>A queue some feature owns; every registered queue is created once at start-up.</summary>
public sealed record QueueRegistration(string QueueName);
