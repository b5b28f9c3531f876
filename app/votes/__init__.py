"""Votes: one ballot per member organisation, under the rules in force when the vote opened."""
