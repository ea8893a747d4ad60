using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Whether an exception means the database could not be reached or is too busy just now (not that the request was
/// wrong): the server refused or dropped the connection, the pool had no connection to give in time, SQLite's file
/// was locked past the busy timeout or could not be opened. Such a request may succeed later, so it is answered 503
/// with Retry-After, never 500. EF Core wraps these, so the whole chain of inner exceptions is looked at.
/// </summary>
public static class DatabaseOutage
{
    public const int RetryAfterSeconds = 30;

    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteCantOpen = 14;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteCantOpen:
                case SocketException:
                case TimeoutException:
                // Npgsql and SqlClient mark connection failures, server shutdowns and pool timeouts as transient.
                case DbException { IsTransient: true }:
                    return true;
            }
        }
        return false;
    }
}
