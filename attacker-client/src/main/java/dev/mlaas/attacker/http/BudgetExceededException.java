package dev.mlaas.attacker.http;

/** A request the client did not send because it would have spent past the budget. */
public class BudgetExceededException extends RuntimeException {

	public BudgetExceededException(String message) {
		super(message);
	}

}
