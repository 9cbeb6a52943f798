"""icons"""
