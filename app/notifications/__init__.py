"""In-app notifications: a reply to your comment, a vote opened for your organisation…"""
