using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MmsGateway.Registry.Ledger.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Mm4Counters",
                columns: table => new
                {
                    Partner = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Minute = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mm4Counters", x => new { x.Partner, x.Direction, x.Minute, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "Mm4HourCounters",
                columns: table => new
                {
                    Partner = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mm4HourCounters", x => new { x.Partner, x.Direction, x.Hour, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "Mm4Transactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Partner = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    IsResponse = table.Column<bool>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TransactionId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    QueueId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Sender = table.Column<string>(type: "TEXT", nullable: true),
                    Recipient = table.Column<string>(type: "TEXT", nullable: true),
                    SenderKey = table.Column<string>(type: "TEXT", nullable: true),
                    RecipientKey = table.Column<string>(type: "TEXT", nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HandedOverAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: true),
                    TimeoutMs = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    AckRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReportRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    ResponseStatus = table.Column<string>(type: "TEXT", nullable: true),
                    ResponseText = table.Column<string>(type: "TEXT", nullable: true),
                    ResponseAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LatencyMs = table.Column<long>(type: "INTEGER", nullable: true),
                    ResponseQueueId = table.Column<string>(type: "TEXT", nullable: true),
                    ReportStatus = table.Column<string>(type: "TEXT", nullable: true),
                    ReportAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReportQueueId = table.Column<string>(type: "TEXT", nullable: true),
                    Lint = table.Column<string>(type: "TEXT", nullable: true),
                    LintPartner = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mm4Transactions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Counters_Minute",
                table: "Mm4Counters",
                column: "Minute");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4HourCounters_Hour",
                table: "Mm4HourCounters",
                column: "Hour");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_LintPartner_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "LintPartner", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_MessageId",
                table: "Mm4Transactions",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_Partner_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "Partner", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_Partner_State_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "Partner", "State", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_QueueId",
                table: "Mm4Transactions",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_RecipientKey_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "RecipientKey", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_SenderKey_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "SenderKey", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_State_Deadline",
                table: "Mm4Transactions",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_TransactionId_Partner",
                table: "Mm4Transactions",
                columns: new[] { "TransactionId", "Partner" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Mm4Counters");

            migrationBuilder.DropTable(
                name: "Mm4HourCounters");

            migrationBuilder.DropTable(
                name: "Mm4Transactions");
        }
    }
}
